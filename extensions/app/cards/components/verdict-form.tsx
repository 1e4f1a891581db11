import { Flex, Form, LoadingButton, Select, TextArea } from '@hubspot/ui-extensions';
import type { ExtensionPointApiActions } from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { ProfileVariables } from '@lead-handoff/shared/api';
import { VERDICT_KINDS } from '@lead-handoff/shared/dto';
import type { ReasonDto, VerdictKind, VerdictRequestDto } from '@lead-handoff/shared/dto';
import { newIdempotencyKey } from '@lead-handoff/shared/idempotency-key';
import { postVerdict } from '../backend.ts';
import type { Presentation } from '../format.ts';

/** Mirrors the backend's limit so the rep learns it while typing, not from a 400. */
export const NOTE_MAX_LENGTH = 2000;

export type VerdictActions = Pick<
  ExtensionPointApiActions<'crm.record.tab'>,
  'addAlert' | 'refreshObjectProperties'
>;

interface VerdictFormProps {
  contactId: string;
  reasons: ReasonDto[];
  variables: ProfileVariables;
  actions: VerdictActions;
  presentation: Presentation;
  onRecorded: () => void;
}

export function VerdictForm(props: VerdictFormProps) {
  const { labels } = props.presentation;
  const [verdict, setVerdict] = useState<VerdictKind | ''>('');
  const [reasonCode, setReasonCode] = useState('');
  const [note, setNote] = useState('');
  const [submitting, setSubmitting] = useState(false);

  const reasons = props.reasons.filter((reason) => reason.verdict === verdict);

  const chooseVerdict = (value: string | number | boolean) => {
    const next = VERDICT_KINDS.find((kind) => kind === value) ?? '';
    setVerdict(next);
    // A reason belongs to one verdict; keep it only if it still fits the new choice.
    if (!props.reasons.some((reason) => reason.verdict === next && reason.code === reasonCode))
      setReasonCode('');
  };

  const submit = async () => {
    if (verdict === '' || reasonCode === '' || submitting) return;
    setSubmitting(true);
    const trimmed = note.trim();
    const request: VerdictRequestDto = {
      contactId: props.contactId,
      verdict,
      reasonCode,
      ...(trimmed === '' ? {} : { note: trimmed }),
      // One key per attempt: HubSpot's own retry of this request replays the same body.
      idempotencyKey: newIdempotencyKey(),
    };
    const result = await postVerdict(props.variables, request);
    setSubmitting(false);
    if (!result.ok) {
      props.actions.addAlert({ type: 'danger', title: labels.failed, message: result.message });
      return;
    }
    props.actions.addAlert({ type: 'success', title: labels.recorded, message: labels.recordedMessage });
    props.actions.refreshObjectProperties();
    setVerdict('');
    setReasonCode('');
    setNote('');
    props.onRecorded();
  };

  return (
    <Form onSubmit={submit}>
      <Flex direction="column" gap="sm">
        <Select
          name="verdict"
          label={labels.verdict}
          required
          value={verdict}
          options={VERDICT_KINDS.map((kind) => ({ label: labels.verdictKind[kind], value: kind }))}
          onChange={chooseVerdict}
        />
        <Select
          name="reasonCode"
          label={labels.reason}
          required
          readOnly={verdict === ''}
          placeholder={verdict === '' ? labels.chooseVerdictFirst : ''}
          value={reasonCode}
          options={reasons.map((reason) => ({ label: reason.label, value: reason.code }))}
          onChange={(value) => {
            setReasonCode(String(value));
          }}
        />
        <TextArea
          name="note"
          label={labels.note}
          maxLength={NOTE_MAX_LENGTH}
          rows={3}
          value={note}
          onChange={setNote}
        />
        <LoadingButton type="submit" variant="primary" loading={submitting} disabled={reasonCode === ''}>
          {labels.submit}
        </LoadingButton>
      </Flex>
    </Form>
  );
}
