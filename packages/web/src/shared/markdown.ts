import { marked } from 'marked';
import DOMPurify from 'dompurify';

/**
 * Chat message formatting (seed 004): bold, italics, bulleted and numbered lists, and links. Markdown is
 * parsed with `marked` and the HTML is then cut down by DOMPurify to exactly those elements: no other
 * HTML, no script, no event handlers, and links only to http, https or mailto (opening in a new tab).
 */
const ALLOWED_TAGS = ['p', 'br', 'strong', 'em', 'b', 'i', 'ul', 'ol', 'li', 'a'];
const SAFE_LINK = /^(https?:|mailto:)/i;

const purifier = DOMPurify();
purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    if (!SAFE_LINK.test(href)) node.removeAttribute('href');
    else {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  }
});

export function renderMarkdown(source: string): string {
  // Raw HTML in the source is text, never markup: escape it before marked sees it.
  const escaped = source.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const html = marked.parse(escaped, { async: false, gfm: true, breaks: true }) as string;
  return purifier.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR: ['href', 'target', 'rel'] });
}
