// Gives every `@salesforce/label/c.*` import its deployed value (in the org, Lightning resolves
// them; without this, sfdx-lwc-jest would hand the component the label's name instead).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const xml = readFileSync(join(__dirname, '../generated/labels/CustomLabels.labels'), 'utf8');
const unescape = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

for (const [, block] of xml.matchAll(/<labels>([\s\S]*?)<\/labels>/g)) {
  const name = /<fullName>([^<]*)<\/fullName>/.exec(block)[1];
  const value = unescape(/<value>([\s\S]*?)<\/value>/.exec(block)[1]);
  jest.mock(`@salesforce/label/c.${name}`, () => ({ default: value }), { virtual: true });
}
