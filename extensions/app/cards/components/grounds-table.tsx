import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Tag } from '@hubspot/ui-extensions';
import type { GroundDto } from '@lead-handoff/shared/dto';
import { showInstant, showValue } from '../format.ts';
import type { Presentation } from '../format.ts';

interface GroundsTableProps {
  grounds: GroundDto[];
  presentation: Presentation;
}

/** One row per condition of the definition, met or not, with the value that decided it (dates readable). */
export function GroundsTable({ grounds, presentation }: GroundsTableProps) {
  const { labels } = presentation;
  return (
    <Table bordered density="condensed">
      <TableHead>
        <TableRow>
          <TableHeader>{labels.condition}</TableHeader>
          <TableHeader>{labels.result}</TableHeader>
          <TableHeader>{labels.value}</TableHeader>
          <TableHeader>{labels.evidenceAt}</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {grounds.map((ground) => (
          <TableRow key={ground.conditionId} testId={`ground-${ground.conditionId}`}>
            <TableCell>{ground.label}</TableCell>
            <TableCell>
              <Tag variant={ground.met ? 'success' : 'error'}>{ground.met ? labels.met : labels.unmet}</Tag>
            </TableCell>
            <TableCell>{showValue(presentation, ground.value)}</TableCell>
            <TableCell>{showInstant(presentation, ground.evidenceAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
