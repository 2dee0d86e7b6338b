/** The sign-in panel: the credential kept for this tab, and what the page does when the gateway refuses it. */
import { credential, errorCode, type GraphQLErrorLike } from './api.js';
import { $, setText } from './dom.js';

/** True when the errors mean "not signed in / not allowed" (handled here). */
export function handleAuthErrors(errors: GraphQLErrorLike[] | undefined): boolean {
  const code = errorCode({ errors });
  if (code === 'UNAUTHENTICATED') {
    showAuth(credential.get() ? 'The gateway did not accept this credential.' : 'Sign in to see the wallboard.');
    return true;
  }
  return false;
}

export function showAuth(message: string): void {
  const details = $('auth') as HTMLDetailsElement;
  details.open = true;
  setText($('auth-message'), message);
}

/** `onSaved`: a credential was entered; `onCleared`: it was removed. */
export function setupAuth(on: { onSaved: () => void; onCleared: () => void }): void {
  const form = $('auth-form') as HTMLFormElement;
  const input = $('credential') as HTMLInputElement;
  const renderSignedIn = () => setText($('auth-summary'), credential.get() ? 'Signed in' : 'Sign in');
  renderSignedIn();
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const value = input.value.trim();
    input.value = '';
    credential.set(value || null);
    setText($('auth-message'), value ? 'Credential saved for this tab.' : 'Credential cleared.');
    ($('auth') as HTMLDetailsElement).open = false;
    renderSignedIn();
    on.onSaved();
  });
  $('auth-clear').addEventListener('click', () => {
    credential.set(null);
    input.value = '';
    setText($('auth-message'), 'Credential cleared.');
    renderSignedIn();
    on.onCleared();
  });
}
