import { useEffect, useRef } from 'react';

/**
 * After signing in, focus goes where the reader will type (the composer), or the page's main region when the
 * composer is not there yet, rather than staying on the body of a page that was replaced.
 */
export function useFocusAfterSignIn(signedIn: boolean) {
  const wasSignedIn = useRef(signedIn);
  useEffect(() => {
    if (signedIn && !wasSignedIn.current) {
      (document.getElementById('composer-input') ?? document.getElementById('main-content'))?.focus();
    }
    wasSignedIn.current = signedIn;
  }, [signedIn]);
}
