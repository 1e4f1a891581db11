import { hubspot } from '@hubspot/ui-extensions';
import type { ExtensionPointApiContext } from '@hubspot/ui-extensions';
import { createPageRouter, PageRoutes } from '@hubspot/ui-extensions/pages';
import { useState } from 'react';
import { FeedbackPage } from './components/feedback-page.tsx';
import { FunnelPage } from './components/funnel-page.tsx';
import { KpiTreePage } from './components/kpi-tree-page.tsx';
import { PageNotFound } from './components/page-not-found.tsx';
import { PAGE_PATHS, PagesLayout } from './components/pages-layout.tsx';
import { SlaPage } from './components/sla-page.tsx';
import { PagesProvider } from './environment.tsx';

// The marketer views, as App Pages (platform 2026.03): one entry, one router, four pages.

const PageRouter = createPageRouter(
  <PageRoutes layoutComponent={PagesLayout}>
    <PageRoutes.IndexRoute component={FunnelPage} />
    <PageRoutes.Route path={PAGE_PATHS.feedback} component={FeedbackPage} />
    <PageRoutes.Route path={PAGE_PATHS.sla} component={SlaPage} />
    <PageRoutes.Route path={PAGE_PATHS.kpiTree} component={KpiTreePage} />
    <PageRoutes.AnyRoute component={PageNotFound} />
  </PageRoutes>,
);

hubspot.extend<'pages'>(({ context }) => <MarketerPages context={context} />);

export interface MarketerPagesProps {
  context: ExtensionPointApiContext<'pages'>;
  /** The instant "today" is read from (tests fix it); the pages read it once, when they open. */
  now?: Date;
}

export function MarketerPages({ context, now }: MarketerPagesProps) {
  const [openedAt] = useState(() => now ?? new Date());
  return (
    <PagesProvider
      variables={context.variables}
      locale={context.user.locale}
      timeZone={context.portal.timezone}
      now={openedAt}
    >
      <PageRouter />
    </PagesProvider>
  );
}
