import type ExcelJSModule from 'exceljs';
import type PDFDocumentClass from 'pdfkit';

/**
 * Spreadsheet and PDF libraries load on first use, not at start: together they cost about a second of a cold
 * start (issue 13, point 7) and most nodes never build a document between restarts.
 */
let excel: Promise<typeof ExcelJSModule> | undefined;
let pdf: Promise<typeof PDFDocumentClass> | undefined;

export function loadExcelJS(): Promise<typeof ExcelJSModule> {
  return (excel ??= import('exceljs').then((m) => m.default));
}

export function loadPdfKit(): Promise<typeof PDFDocumentClass> {
  return (pdf ??= import('pdfkit').then((m) => m.default));
}
