import { EmptyState, Flex, Text, Tile } from '@hubspot/ui-extensions';
import { usePagesEnvironment } from '../environment.tsx';

// The section as the definitions file takes it; indentation kept with no-break spaces, which
// the Text component does not collapse.
const EXAMPLE = [
  'kpi:',
  '  period: quarter            # month | quarter | year',
  '  revenueTarget: 120000000',
  '  currency: JPY',
  '  averageDealSize: 3000000',
  '  rates:',
  '    leadToMql: 0.25',
  '    mqlToSql: 0.4',
  '    sqlToOpportunity: 0.5',
  '    opportunityToWon: trailing',
  '  trailingDays: 180',
].map((line) => line.replace(/^ +/, (spaces) => '\u00a0'.repeat(spaces.length)));

/** The backend has no `kpi:` section: say how to add one. */
export function KpiNotConfigured() {
  const { labels } = usePagesEnvironment();
  const words = labels.kpi;
  return (
    <EmptyState
      testId="kpi-not-configured"
      title={words.notConfiguredTitle}
      imageName="target"
      layout="vertical"
    >
      <Flex direction="column" gap="sm">
        <Text>{words.notConfiguredBody}</Text>
        <Tile compact>
          {EXAMPLE.map((line, index) => (
            <Text key={index} variant="microcopy">
              {line}
            </Text>
          ))}
        </Tile>
        <Text>{words.notConfiguredAfter}</Text>
      </Flex>
    </EmptyState>
  );
}
