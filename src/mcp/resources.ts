// Each offered method's generated reference page (docs/<lang>/<service>/<command>.md, written by
// scripts/generate-docs.ts) as an MCP resource, so that an agent reads the docs Uzel already has.
import { readFile } from 'node:fs/promises';
import type { ReadResourceResult, Resource } from '@modelcontextprotocol/sdk/types.js';
import { commandName, type AnyEntry } from '../core/catalogue.js';
import type { Offer } from './offer.js';

export type DocsLanguage = 'en' | 'ru';
const languages: DocsLanguage[] = ['en', 'ru'];

// The same place from src/mcp (run by tsx) and from dist/mcp: the package's docs/ folder.
const docsRoot = new URL('../../docs/', import.meta.url);

export function docsUri(lang: DocsLanguage, entry: AnyEntry): string {
  return `uzel://docs/${lang}/${entry.service}/${commandName(entry)}`;
}

export function listResources(offer: Offer): Resource[] {
  return offer.entries.flatMap(({ entry }) =>
    languages.map((lang) => ({
      uri: docsUri(lang, entry),
      name: `${lang}/${entry.service}/${commandName(entry)}`,
      title: `${entry.ruName}${lang === 'en' ? ` (${entry.summary.en})` : ''}`,
      mimeType: 'text/markdown',
    })),
  );
}

/** The page of an offered method; undefined for any other URI (a denied method's page included). */
export async function readResource(offer: Offer, uri: string): Promise<ReadResourceResult | undefined> {
  const match = /^uzel:\/\/docs\/(en|ru)\/([a-z0-9]+)\/([a-z0-9-]+)$/.exec(uri);
  if (!match) return undefined;
  const [, lang, service, command] = match;
  const offered = offer.entries.find((o) => o.entry.service === service && commandName(o.entry) === command);
  if (!offered) return undefined;
  const text = await readFile(new URL(`${lang}/${service}/${command}.md`, docsRoot), 'utf8');
  return { contents: [{ uri, mimeType: 'text/markdown', text }] };
}
