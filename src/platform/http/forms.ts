import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ValidationError } from '../errors.ts';
import type { Translate } from '../i18n/i18n.ts';
import type { FieldErrors } from '../views/components.tsx';

export type FormBody = Record<string, string | string[] | undefined>;

/** Read a form body safely: always an object of strings (a browser form can send anything). */
export function formBody(request: FastifyRequest): FormBody {
  const b = request.body;
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as FormBody) : {};
}

/** One trimmed string field, capped so a hostile 10 MB value never reaches a service. */
export function field(body: FormBody, name: string, max = 5000): string {
  const v = body[name];
  const s = Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  return String(s).trim().slice(0, max);
}

export function fieldList(body: FormBody, name: string): string[] {
  const v = body[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((s) => String(s).trim()).filter(Boolean);
}

/** Translate a ValidationError's locale keys for display beside each field. */
export function translateFieldErrors(err: ValidationError, t: Translate): FieldErrors {
  return Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, t(v)]));
}

/**
 * Run a form action: on ValidationError re-render the form with the user's input and messages (422);
 * any other error goes to the central handler.
 */
export async function withFormErrors(
  reply: FastifyReply,
  t: Translate,
  action: () => Promise<unknown>,
  rerender: (errors: FieldErrors) => JSX.Element | Promise<string> | string,
): Promise<unknown> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof ValidationError) {
      const html = await rerender(translateFieldErrors(err, t));
      return reply.code(422).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
    }
    throw err;
  }
}

export function requireUser(request: FastifyRequest): void {
  if (request.actor.kind !== 'user') throw new AppError('errors.unauthorized', 401);
}

export function pageNumber(q: unknown): number {
  const n = Number(q);
  return Number.isInteger(n) && n > 0 && n < 100000 ? n : 1;
}
