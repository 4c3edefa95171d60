import type { ReactNode } from 'react'

interface FieldProps {
  id: string
  label: string
  hint?: string
  /** The core's message for this field, shown next to it. */
  error?: string
}

/** ids of the hint and error texts, for aria-describedby. */
export const describedBy = ({ id, hint, error }: Pick<FieldProps, 'id' | 'hint' | 'error'>): string | undefined =>
  [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined

export function Field({ id, label, hint, error, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      {error && (
        <small className="field-error" id={`${id}-error`} role="alert">
          {error}
        </small>
      )}
    </div>
  )
}

/** numeric: whole numbers; 'decimal': amounts with a decimal point (the keyboard to offer on touch screens). */
export function TextField(props: FieldProps & { value: string; onChange(value: string): void; numeric?: boolean | 'decimal'; maxLength?: number; placeholder?: string }) {
  const { id, value, onChange, numeric, maxLength, placeholder } = props
  return (
    <Field {...props}>
      <input
        id={id}
        value={value}
        inputMode={numeric === 'decimal' ? 'decimal' : numeric ? 'numeric' : undefined}
        maxLength={maxLength}
        placeholder={placeholder}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props)}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  )
}

export function SelectField<T extends string>(props: FieldProps & { value: T; options: { value: T; label: string }[]; onChange(value: T): void }) {
  const { id, value, options, onChange } = props
  return (
    <Field {...props}>
      <select id={id} value={value} aria-invalid={props.error ? true : undefined} aria-describedby={describedBy(props)} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  )
}
