import type {
  CurrencyInputProps,
  DateInputProps,
  InputProps,
  NumberInputProps,
  SearchInputProps,
  StepperInputProps,
  TextAreaProps,
  TimeInputProps,
} from '@hubspot/ui-extensions';
import { useEffect, useId, useState } from 'react';
import { cx, testIdOf } from './base.ts';
import { Field, useCommitOnSubmit } from './form-context.tsx';

/** A text value typed locally, reported by onInput, committed by onChange on blur and on submit. */
function useDraft(
  value: string | undefined,
  defaultValue: string | undefined,
  onChange: ((value: string) => void) | undefined,
) {
  const [draft, setDraft] = useState(value ?? defaultValue ?? '');
  const [committed, setCommitted] = useState(draft);
  useEffect(() => {
    if (value !== undefined) {
      setDraft(value);
      setCommitted(value);
    }
  }, [value]);
  const commit = () => {
    if (draft === committed) return;
    setCommitted(draft);
    onChange?.(draft);
  };
  useCommitOnSubmit(commit);
  return { draft, setDraft, commit };
}

function TextField(
  props: (InputProps | SearchInputProps | TextAreaProps) & {
    kind: 'text' | 'password' | 'search' | 'textarea';
  },
) {
  const id = useId();
  const { draft, setDraft, commit } = useDraft(props.value, props.defaultValue, props.onChange);
  const shared = {
    id,
    name: props.name,
    value: draft,
    required: props.required,
    readOnly: props.readOnly,
    placeholder: props.placeholder,
    className: cx('hs-input', props.error && 'hs-input--error'),
    onFocus: () => props.onFocus?.(draft),
    onBlur: () => {
      commit();
      props.onBlur?.(draft);
    },
  };
  const field = (
    <Field
      label={props.label}
      required={props.required}
      description={props.description}
      tooltip={props.tooltip}
      error={props.error}
      validationMessage={props.validationMessage}
      htmlFor={id}
    >
      {props.kind === 'textarea' ? (
        <textarea
          {...shared}
          {...testIdOf(props.testId)}
          rows={'rows' in props ? props.rows : undefined}
          cols={'cols' in props ? props.cols : undefined}
          maxLength={'maxLength' in props ? props.maxLength : undefined}
          style={{ resize: 'resize' in props ? props.resize : undefined }}
          onChange={(event) => {
            setDraft(event.target.value);
            props.onInput?.(event.target.value);
          }}
        />
      ) : (
        <input
          {...shared}
          {...testIdOf(props.testId)}
          type={props.kind}
          onChange={(event) => {
            setDraft(event.target.value);
            props.onInput?.(event.target.value);
          }}
        />
      )}
    </Field>
  );
  return field;
}

export function Input(props: InputProps) {
  return <TextField {...props} kind={props.type === 'password' ? 'password' : 'text'} />;
}

export function SearchInput(props: SearchInputProps) {
  return <TextField {...props} kind="search" />;
}

export function TextArea(props: TextAreaProps) {
  return <TextField {...props} kind="textarea" />;
}

export const Textarea = TextArea;

function NumberField(
  props: (NumberInputProps | CurrencyInputProps | StepperInputProps) & { prefix?: string; step?: number },
) {
  const id = useId();
  const text = (value: number | undefined) =>
    value === undefined || Number.isNaN(value) ? undefined : String(value);
  const { draft, setDraft, commit } = useDraft(text(props.value), text(props.defaultValue), (value) =>
    props.onChange?.(Number(value)),
  );
  return (
    <Field
      label={props.label}
      required={props.required}
      description={props.description}
      tooltip={props.tooltip}
      error={props.error}
      validationMessage={props.validationMessage}
      htmlFor={id}
    >
      <span className="hs-number">
        {props.prefix !== undefined && <span className="hs-number__prefix">{props.prefix}</span>}
        <input
          {...testIdOf(props.testId)}
          id={id}
          type="number"
          name={props.name}
          value={draft}
          min={props.min}
          max={props.max}
          step={props.step}
          readOnly={props.readOnly}
          className={cx('hs-input', props.error && 'hs-input--error')}
          onChange={(event) => {
            setDraft(event.target.value);
          }}
          onBlur={() => {
            commit();
            props.onBlur?.(Number(draft));
          }}
        />
      </span>
    </Field>
  );
}

export function NumberInput(props: NumberInputProps) {
  return <NumberField {...props} />;
}

export function CurrencyInput(props: CurrencyInputProps) {
  return <NumberField {...props} prefix={props.currency ?? 'JPY'} />;
}

export function StepperInput(props: StepperInputProps) {
  return <NumberField {...props} step={props.stepSize ?? 1} />;
}

function toIsoDate(value: { year: number; month: number; date: number } | null | undefined): string {
  if (!value) return '';
  return `${String(value.year).padStart(4, '0')}-${String(value.month + 1).padStart(2, '0')}-${String(value.date).padStart(2, '0')}`;
}

export function DateInput(props: DateInputProps) {
  const id = useId();
  return (
    <Field
      label={props.label}
      required={props.required}
      description={props.description}
      tooltip={props.tooltip}
      error={props.error}
      validationMessage={props.validationMessage}
      htmlFor={id}
    >
      <input
        {...testIdOf(props.testId)}
        id={id}
        type="date"
        name={props.name}
        className="hs-input"
        readOnly={props.readOnly}
        {...(props.value !== undefined
          ? { value: toIsoDate(props.value) }
          : { defaultValue: toIsoDate(props.defaultValue) })}
        min={props.min ? toIsoDate(props.min) : undefined}
        max={props.max ? toIsoDate(props.max) : undefined}
        onChange={(event) => {
          const [year, month, date] = event.target.value.split('-').map(Number);
          if (year === undefined || month === undefined || date === undefined || Number.isNaN(year)) return;
          props.onChange?.({ year, month: month - 1, date, formattedDate: event.target.value });
        }}
      />
    </Field>
  );
}

export function TimeInput(props: TimeInputProps) {
  const id = useId();
  const value = props.value
    ? `${String(props.value.hours).padStart(2, '0')}:${String(props.value.minutes).padStart(2, '0')}`
    : undefined;
  return (
    <Field
      label={props.label}
      required={props.required}
      description={props.description}
      tooltip={props.tooltip}
      error={props.error}
      validationMessage={props.validationMessage}
      htmlFor={id}
    >
      <input
        {...testIdOf(props.testId)}
        id={id}
        type="time"
        name={props.name}
        className="hs-input"
        {...(value !== undefined ? { value } : {})}
        onChange={(event) => {
          const [hours, minutes] = event.target.value.split(':').map(Number);
          if (hours !== undefined && minutes !== undefined) props.onChange?.({ hours, minutes });
        }}
      />
    </Field>
  );
}
