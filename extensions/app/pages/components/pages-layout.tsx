import { Flex, Text } from '@hubspot/ui-extensions';
import { PageHeader, PageLink, usePageRoute } from '@hubspot/ui-extensions/pages';
import type { PageRoutesLayoutProps } from '@hubspot/ui-extensions/pages';
import { usePagesEnvironment } from '../environment.tsx';
import type { PageName } from '../labels.ts';

/** Where each page lives inside the app. */
export const PAGE_PATHS: Record<PageName, string> = {
  funnel: '/',
  feedback: '/feedback',
  sla: '/sla',
  kpiTree: '/kpi-tree',
};
const PAGE_ORDER: readonly PageName[] = ['funnel', 'feedback', 'sla', 'kpiTree'];

/** Around every page: the four pages in HubSpot's header menu and as links above the content. */
export function PagesLayout({ children }: PageRoutesLayoutProps) {
  const { labels } = usePagesEnvironment();
  const { path } = usePageRoute();
  return (
    <>
      <PageHeader>
        <PageHeader.SecondaryActions>
          {PAGE_ORDER.map((page) => (
            <PageHeader.PageLink key={page} to={PAGE_PATHS[page]}>
              {labels.pages[page]}
            </PageHeader.PageLink>
          ))}
        </PageHeader.SecondaryActions>
      </PageHeader>
      <Flex direction="column" gap="md">
        <Flex direction="row" gap="md" wrap="wrap">
          {PAGE_ORDER.map((page) =>
            PAGE_PATHS[page] === path ? (
              <Text key={page} format={{ fontWeight: 'bold' }}>
                {labels.pages[page]}
              </Text>
            ) : (
              <PageLink key={page} to={PAGE_PATHS[page]}>
                {labels.pages[page]}
              </PageLink>
            ),
          )}
        </Flex>
        {children}
      </Flex>
    </>
  );
}
