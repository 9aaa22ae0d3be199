import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';

type HastRoot = Parameters<ReturnType<typeof rehypeSanitize>>[0];

/** Where the sanitizer replaces the rendered tree; Sätteri's hast hook context has this shape. */
interface ReplaceContext {
  replaceNode(node: Readonly<HastRoot>, newNode: HastRoot): void;
}

/**
 * The markdown pipeline's last word on incident text: rehype-sanitize with GitHub's schema, so raw
 * HTML in an incident file keeps its harmless tags (b, table, details) but loses scripts, event
 * handlers, iframes, styles and javascript: links. Astro 7 renders markdown with Sätteri, whose hast
 * plugins are visitor objects rather than unified attachers, so the rehype transform runs from the
 * `after` hook over the whole finished tree.
 */
export function createMarkdownSanitizer(schema = defaultSchema) {
  const sanitize = rehypeSanitize(schema);
  return {
    name: 'vigil-sanitize-html',
    after(root: Readonly<HastRoot>, context: ReplaceContext) {
      context.replaceNode(root, sanitize(root as HastRoot));
    },
  };
}
