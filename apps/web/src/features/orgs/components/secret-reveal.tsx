import { CopyButton } from '../../../components/copy-button';

/** A secret the API shows once (an API key, an invitation link): copy it now or lose it. */
export function SecretReveal({
  title,
  secret,
  onDismiss,
  children,
}: {
  title: string;
  secret: string;
  onDismiss: () => void;
  children?: React.ReactNode;
}) {
  return (
    <div className="alert alert--ok" role="region" aria-label={title}>
      <strong>{title}</strong>
      <p>This is shown only once. Copy it now and keep it somewhere safe.</p>
      <pre aria-label="Secret value">{secret}</pre>
      {children}
      <div className="row">
        <CopyButton text={secret} label="Copy" className="" />
        <button type="button" className="secondary" onClick={onDismiss}>
          Done
        </button>
      </div>
    </div>
  );
}
