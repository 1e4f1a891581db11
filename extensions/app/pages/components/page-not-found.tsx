import { EmptyState, Text } from '@hubspot/ui-extensions';
import { PageLink } from '@hubspot/ui-extensions/pages';
import { usePagesEnvironment } from '../environment.tsx';
import { PAGE_PATHS } from './pages-layout.tsx';

/** Any other address inside the app (an old bookmark): say so in the user's words. */
export function PageNotFound() {
  const { labels } = usePagesEnvironment();
  return (
    <EmptyState title={labels.pageNotFoundTitle} layout="vertical">
      <Text>{labels.pageNotFoundBody}</Text>
      <PageLink to={PAGE_PATHS.funnel}>{labels.backToFunnel}</PageLink>
    </EmptyState>
  );
}
