import type {
  CheckboxProps,
  MultiSelectProps,
  RadioButtonProps,
  SelectProps,
  ToggleGroupProps,
  ToggleProps,
} from '@hubspot/ui-extensions';
import { useId, useState } from 'react';
import { cx, legacyProp, testIdOf } from './base.ts';
import { Field } from './form-context.tsx';

// A choice commits at once (no draft): HubSpot's Select calls onChange with the option's own
// value, typed as given (string, number or boolean).
export function Select(props: SelectProps) {
  const id = useId();
  const { options, value } = props;
  const selected = options.findIndex((option) => option.value === value);
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
      <select
        {...testIdOf(props.testId)}
        id={id}
        name={props.name}
        className={cx(
          'hs-select',
          props.error && 'hs-input--error',
          props.variant === 'transparent' && 'hs-select--transparent',
        )}
        disabled={props.readOnly}
        value={selected < 0 ? '' : String(selected)}
        onChange={(event) => {
          const option = options[Number(event.target.value)];
          if (option) props.onChange?.(option.value);
        }}
      >
        <option value="" disabled>
          {props.placeholder ?? 'Select an option'}
        </option>
        {options.map((option, index) => (
          <option key={String(option.value)} value={String(index)}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function MultiSelect(props: MultiSelectProps) {
  const id = useId();
  const chosen = props.value ?? [];
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
      <select
        {...testIdOf(props.testId)}
        id={id}
        multiple
        name={props.name}
        className="hs-select hs-select--multi"
        disabled={props.readOnly}
        value={props.options.flatMap((option, index) =>
          chosen.includes(option.value) ? [String(index)] : [],
        )}
        onChange={(event) => {
          const values = [...event.target.selectedOptions].flatMap((element) => {
            const option = props.options[Number(element.value)];
            return option ? [option.value] : [];
          });
          props.onChange?.(values);
        }}
      >
        {props.options.map((option, index) => (
          <option key={String(option.value)} value={String(index)}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

function Toggleable(props: (CheckboxProps | RadioButtonProps) & { kind: 'checkbox' | 'radio' }) {
  const [checked, setChecked] = useState(props.checked ?? props.initialIsChecked ?? false);
  const shown = props.checked ?? checked;
  return (
    <label className={cx('hs-check', props.inline && 'hs-check--inline')}>
      <input
        {...testIdOf(props.testId)}
        type={props.kind}
        name={props.name}
        value={props.value}
        checked={shown}
        disabled={props.readOnly === true || legacyProp(props, 'readonly') === true}
        onChange={(event) => {
          setChecked(event.target.checked);
          props.onChange?.(event.target.checked, props.value ?? '');
        }}
      />
      <span>{props.children}</span>
      {props.description !== undefined && <span className="hs-field__description">{props.description}</span>}
    </label>
  );
}

export function Checkbox(props: CheckboxProps) {
  return <Toggleable {...props} kind="checkbox" />;
}

export function RadioButton(props: RadioButtonProps) {
  return <Toggleable {...props} kind="radio" />;
}

export function Toggle(props: ToggleProps) {
  const [checked, setChecked] = useState(props.checked ?? props.initialIsChecked ?? false);
  const shown = props.checked ?? checked;
  return (
    <label {...testIdOf(props.testId)} className="hs-toggle">
      {props.labelDisplay !== 'hidden' && <span>{props.label}</span>}
      <button
        type="button"
        role="switch"
        aria-checked={shown}
        aria-label={props.label}
        disabled={props.readOnly === true || legacyProp(props, 'readonly') === true}
        className={cx('hs-toggle__switch', shown && 'hs-toggle__switch--on')}
        onClick={() => {
          setChecked(!shown);
          props.onChange?.(!shown);
        }}
      >
        {shown ? (props.textChecked ?? '') : (props.textUnchecked ?? '')}
      </button>
    </label>
  );
}

export function ToggleGroup(props: ToggleGroupProps) {
  const id = useId();
  const radio = props.toggleType === 'radioButtonList';
  const initial = props.options.filter((option) => option.initialIsChecked).map((option) => option.value);
  const [values, setValues] = useState<string[]>(
    Array.isArray(props.value) ? props.value : props.value !== undefined ? [props.value] : initial,
  );
  const current =
    props.value === undefined ? values : Array.isArray(props.value) ? props.value : [props.value];
  const choose = (value: string, checked: boolean) => {
    const next = radio ? [value] : checked ? [...current, value] : current.filter((item) => item !== value);
    setValues(next);
    if (props.toggleType === 'radioButtonList') props.onChange?.(value);
    else props.onChange?.(next);
  };
  return (
    <Field
      label={props.label}
      required={props.required}
      description={undefined}
      tooltip={props.tooltip}
      error={props.error}
      validationMessage={props.validationMessage}
      htmlFor={id}
    >
      <div
        {...testIdOf(props.testId)}
        id={id}
        className={cx('hs-toggle-group', props.inline && 'hs-toggle-group--inline')}
      >
        {props.options.map((option) => (
          <label key={option.value} className="hs-check">
            <input
              type={radio ? 'radio' : 'checkbox'}
              name={props.name}
              value={option.value}
              checked={current.includes(option.value)}
              disabled={option.readOnly === true || legacyProp(option, 'readonly') === true}
              onChange={(event) => {
                choose(option.value, event.target.checked);
              }}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </Field>
  );
}
