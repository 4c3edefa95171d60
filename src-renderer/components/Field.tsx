import type { ReactNode } from 'react'

interface FieldProps {
  id: string
  label: string
  hint?: string
  /** The core's message for this field, shown next to it. */
  error?: string
}

/** ids of the hint and error texts, for aria-describedby. */
export const describedBy = ({ id, hint, error }: FieldProps): string | undefined =>
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

export function TextField(props: FieldProps & { value: string; onChange(value: string): void; numeric?: boolean; maxLength?: number }) {
  const { id, value, onChange, numeric, maxLength } = props
  return (
    <Field {...props}>
      <input
        id={id}
        value={value}
        inputMode={numeric ? 'numeric' : undefined}
        maxLength={maxLength}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props)}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  )
}
