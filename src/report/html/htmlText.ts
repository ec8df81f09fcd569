/**
 * Text put into the report's HTML. Everything is escaped, and the `:` of any `http://` or `https://` in the
 * data is written as a character reference (in HTML) or a `\u003a` escape (in embedded JSON): the file
 * must hold no URL a browser or a checker could follow, while the text reads the same on screen.
 */
const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c]!).replace(/(https?):\/\//gi, '$1&#58;//');
}

/**
 * JSON for a `<script type="application/json">` element: `<` is escaped so no `</script>` or `<!--` in the
 * data can end the element early; JSON.parse gives back the same text.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/(https?):\/\//gi, '$1\\u003a//');
}
