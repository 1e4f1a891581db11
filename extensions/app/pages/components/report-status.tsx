import { Button, EmptyState, ErrorState, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { ApiFailure } from '@lead-handoff/shared/api';
import { usePagesEnvironment } from '../environment.tsx';

// The states every report shares: loading, failed (each code in words, the backend's own
// message underneath, and a retry) and empty.

export function ReportLoading() {
  const { labels } = usePagesEnvironment();
  return <LoadingSpinner label={labels.loading} layout="centered" />;
}

export function ReportError(props: { failure: ApiFailure; onRetry: () => void; hint?: string }) {
  const { labels } = usePagesEnvironment();
  return (
    <ErrorState title={labels.errorTitle}>
      <Text testId="error-words">{labels.errorWords(props.failure)}</Text>
      {props.hint !== undefined && <Text testId="error-hint">{props.hint}</Text>}
      <Text variant="microcopy" testId="error-detail">
        {labels.errorDetail(props.failure)}
      </Text>
      <Button onClick={props.onRetry}>{labels.retry}</Button>
    </ErrorState>
  );
}

export function ReportEmpty(props: { title: string; body: string }) {
  return (
    <EmptyState title={props.title} imageName="emptyStateCharts" layout="vertical">
      <Text>{props.body}</Text>
    </EmptyState>
  );
}
