// Writes one rendered state for the screenshot page to LEAD_PAGE_RENDER_DIR.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serialize } from './serialize';

export function writeState(name, element) {
  const dir = process.env.LEAD_PAGE_RENDER_DIR;
  if (!dir) throw new Error('LEAD_PAGE_RENDER_DIR is not set: run npm run salesforce:screenshot');
  const html = serialize(element);
  writeFileSync(join(dir, `${name}.html`), html, 'utf8');
  return html;
}
