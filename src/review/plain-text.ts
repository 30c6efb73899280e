/**
 * The Markdown a response template uses (bold, headings, bullets, links) turned into text that
 * can be pasted into a Facebook or Zalo post, which shows `**` and `#` literally.
 *
 * Hand-written rather than a Markdown stripper on purpose: those also read `_a_b_` as emphasis and
 * mangle URLs and names with underscores, while a response's sources must survive character for
 * character. Only the constructs the templates use are touched.
 */
export function plainText(markdown: string): string {
  return markdown
    .split(/\r?\n/)
    .map((line) => {
      let l = line.replace(/^\s{0,3}#{1,6}\s+/, ''); // "## Nguồn" → "Nguồn"
      l = l.replace(/^\s{0,3}>\s?/, ''); // quotes
      l = l.replace(/^(\s*)[*+]\s+/, '$1- '); // one bullet style
      l = l.replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, '$1 ($2)'); // keep the address visible
      l = l.replace(/`([^`\n]+)`/g, '$1');
      l = l.replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2');
      l = l.replace(/\*\*/g, ''); // an unmatched marker is never meant as text
      l = l.replace(/(^|[\s("“])\*(?=\S)([^*\n]+?)(?<=\S)\*(?=$|[\s)"”.,:;!?])/g, '$1$2'); // *nghiêng*
      return l.trimEnd();
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
