import MarkdownIt from 'markdown-it';

/**
 * Guide text may hold simple Markdown. Raw HTML is off (it is shown as text), links are checked so only
 * http(s), mailto, tel and relative links survive: no javascript:, data:, vbscript: or protocol-relative URLs.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

export function isAllowedLink(url: string): boolean {
  const u = url.trim();
  if (/^(https?:|mailto:|tel:)/i.test(u)) return true;
  if (u.startsWith('//')) return false;
  // Relative: no scheme before the first '/', '?' or '#'.
  return !/^[^/?#]*:/.test(u);
}
md.validateLink = isAllowedLink;

// External links open in the same tab (GOV.UK), but tell the browser not to leak the referrer.
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, Number(idx), options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const href = String(tokens[idx]!.attrGet('href') ?? '');
  if (/^https?:/i.test(href)) tokens[idx]!.attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Block Markdown (paragraphs, lists) → HTML that is safe to insert. */
export function renderMarkdown(text: string): string {
  return md.render(text ?? '');
}

/** One line of Markdown (list items, steps) → inline HTML, no wrapping <p>. */
export function renderMarkdownInline(text: string): string {
  return md.renderInline(text ?? '');
}

/** Plain text from Markdown (feeds, PDFs, search): drop emphasis marks and turn [a](b) into "a". */
export function markdownToText(text: string): string {
  return (text ?? '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|`)/g, '')
    .replace(/^#+\s*/gm, '');
}

/** A path on this site ("/huong-dan/x/poster-a4.pdf"), never a protocol-relative "//host" or a backslash trick. */
export function isSitePath(url: string): boolean {
  return /^\/(?![/\\])[^\s\\]*$/.test(url);
}
