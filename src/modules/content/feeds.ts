import type { PublicGuideRow } from './content.repo.ts';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** Atom feed of guides, newest first-published first. */
export function atomFeed(p: { publicUrl: string; title: string; guides: PublicGuideRow[] }): string {
  const updated = p.guides.reduce((m, g) => (g.publishedAt > m ? g.publishedAt : m), new Date(0));
  const entries = p.guides
    .map((g) => {
      const url = `${p.publicUrl}/huong-dan/${g.slug}`;
      return `<entry><title>${xml(g.doc.title)}</title><link href="${xml(url)}"/><id>${xml(url)}</id>` +
        `<published>${g.firstPublishedAt.toISOString()}</published><updated>${g.publishedAt.toISOString()}</updated>` +
        `<summary>${xml(g.doc.summary)}</summary></entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
<title>${xml(p.title)}</title>
<link rel="self" href="${xml(`${p.publicUrl}/huong-dan/feed.xml`)}"/>
<link href="${xml(`${p.publicUrl}/huong-dan`)}"/>
<id>${xml(`${p.publicUrl}/huong-dan`)}</id>
<updated>${(p.guides.length ? updated : new Date()).toISOString()}</updated>
${entries}
</feed>
`;
}

export function sitemap(publicUrl: string, paths: Array<{ path: string; lastmod?: Date }>): string {
  const urls = paths
    .map((u) => `<url><loc>${xml(publicUrl + u.path)}</loc>${u.lastmod ? `<lastmod>${u.lastmod.toISOString().slice(0, 10)}</lastmod>` : ''}</url>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls}
</urlset>
`;
}
