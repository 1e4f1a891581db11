import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { FeedbackNoteDto, FeedbackReasonDto } from '@lead-handoff/shared/dto';
import { usePagesEnvironment } from '../environment.tsx';
import { formatInstant } from '../format.ts';
import { VERDICT_TAG } from './feedback-tables.tsx';

/** The reps' own words on the latest verdicts, newest first as the backend sends them. */
export function FeedbackNotes(props: {
  notes: readonly FeedbackNoteDto[];
  reasons: readonly FeedbackReasonDto[];
}) {
  const { labels, locale, timeZone } = usePagesEnvironment();
  const words = labels.feedback;
  if (props.notes.length === 0) return <Text testId="notes-none">{words.noNotes}</Text>;
  const reasonLabel = (note: FeedbackNoteDto) =>
    props.reasons.find((reason) => reason.code === note.reasonCode && reason.verdict === note.verdict)
      ?.label ?? note.reasonCode;
  return (
    <Table bordered density="condensed">
      <TableHead>
        <TableRow>
          <TableHeader>{words.decidedAt}</TableHeader>
          <TableHeader>{words.contact}</TableHeader>
          <TableHeader>{words.verdict}</TableHeader>
          <TableHeader>{words.reason}</TableHeader>
          <TableHeader>{words.note}</TableHeader>
          <TableHeader>{words.decidedBy}</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.notes.map((note, index) => (
          <TableRow key={`${note.contactId}-${note.decidedAt}-${index}`} testId={`note-${index}`}>
            <TableCell>{formatInstant(note.decidedAt, locale, timeZone)}</TableCell>
            <TableCell>{note.contactId}</TableCell>
            <TableCell>
              <Tag variant={VERDICT_TAG[note.verdict]}>{labels.verdicts[note.verdict]}</Tag>
            </TableCell>
            <TableCell>{reasonLabel(note)}</TableCell>
            <TableCell>{note.note}</TableCell>
            <TableCell>{note.decidedBy ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
