// Japanese, Tokyo time: a lead whose verdict is recorded, both deadlines met.
import { mount, unmountAll } from '../../lwc/leadHandoff/__tests__/mount';
import { writeState } from './write-state';

jest.mock('@salesforce/i18n/lang', () => ({ default: 'ja' }), { virtual: true });
jest.mock('@salesforce/i18n/locale', () => ({ default: 'ja-JP' }), { virtual: true });
jest.mock('@salesforce/i18n/timeZone', () => ({ default: 'Asia/Tokyo' }), { virtual: true });

afterEach(unmountAll);

it('renders the lead with its verdict recorded', async () => {
  const element = await mount('verdictRecorded');
  const html = writeState('ja-verdict-recorded', element);
  expect(html).toContain('受け入れ(SQL)');
});
