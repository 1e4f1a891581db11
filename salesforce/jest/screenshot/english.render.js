// English, Los Angeles time: an MQL whose handoff is due soon, with a verdict being entered.
import { choose, mount, typeNote, unmountAll } from '../../lwc/leadHandoff/__tests__/mount';
import { writeState } from './write-state';

afterEach(unmountAll);

it('renders the due-soon lead with the verdict form filled in', async () => {
  const element = await mount('dueSoon');
  await choose(element, 'verdict', 'rejected');
  await choose(element, 'reason', 'no-budget');
  await typeNote(element, 'Budget frozen until April; asked to call back then.');
  const html = writeState('en-due-soon', element);
  expect(html).toContain('Due soon');
  expect(html).toContain('予算なし');
});
