// HubSpot commits an input's value (`onChange`) when it loses focus or when its form is submitted,
// and reports keystrokes through `onInput`; the form's `onSubmit` runs after those commits.
import { createContext, useContext, useEffect, useRef } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { FormInputValues, FormProps } from '@hubspot/ui-extensions';
import { testIdOf } from './base.ts';
import { formSubmitEvent, noReactions } from './events.ts';

interface FormRegistry {
  register(commit: () => void): () => void;
}

const FormContext = createContext<FormRegistry | null>(null);

/** Registers `commit` with the enclosing Form, if any, for the submit-time commit. */
export function useCommitOnSubmit(commit: () => void): void {
  const form = useContext(FormContext);
  const latest = useRef(commit);
  latest.current = commit;
  useEffect(
    () =>
      form?.register(() => {
        latest.current();
      }),
    [form],
  );
}

export function Form({ children, onSubmit, autoComplete, testId }: FormProps) {
  const commits = useRef(new Set<() => void>());
  const latest = useRef(onSubmit);
  latest.current = onSubmit;
  const registry = useRef<FormRegistry>({
    register(commit) {
      commits.current.add(commit);
      return () => commits.current.delete(commit);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    // A page reload is never what an extension's form means, whatever `preventDefault` says.
    event.preventDefault();
    for (const commit of commits.current) commit();
    const values: FormInputValues = {};
    new FormData(event.currentTarget).forEach((value, key) => {
      if (typeof value === 'string') values[key] = value;
    });
    const submitted = formSubmitEvent(values, event.nativeEvent);
    // After the commits have re-rendered the extension, as HubSpot's host delivers them in order.
    setTimeout(() => void latest.current?.(submitted, noReactions), 0);
  };
  return (
    <FormContext.Provider value={registry.current}>
      <form
        {...testIdOf(testId)}
        className="hs-form"
        autoComplete={autoComplete}
        onSubmit={submit}
        noValidate
      >
        {children}
      </form>
    </FormContext.Provider>
  );
}

export function Field(props: {
  label: string | undefined;
  required: boolean | undefined;
  description: string | undefined;
  tooltip: string | undefined;
  error: boolean | undefined;
  validationMessage: string | undefined;
  htmlFor: string;
  children: ReactNode;
}) {
  return (
    <div className="hs-field">
      {props.label !== undefined && props.label !== '' && (
        <label className="hs-field__label" htmlFor={props.htmlFor} title={props.tooltip}>
          {props.label}
          {props.required && <span className="hs-field__required">*</span>}
        </label>
      )}
      {props.description !== undefined && <div className="hs-field__description">{props.description}</div>}
      {props.children}
      {props.validationMessage !== undefined && props.validationMessage !== '' && (
        <div className={props.error ? 'hs-field__error' : 'hs-field__message'}>{props.validationMessage}</div>
      )}
    </div>
  );
}
