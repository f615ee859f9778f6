import { useCallback, useEffect, useRef, useState, type ComponentType } from 'react';
import type { WidgetProps } from '@rjsf/utils';

/** How long typing may pause before the value is committed to the whole form. */
export const COMMIT_DELAY_MS = 300;

/**
 * rjsf keeps the form's data at the root, so every committed change re-renders the whole
 * form (rjsf issues #3715, #3183): on a 300-field form each keystroke would redraw 300
 * fields. A wrapped widget keeps what is typed in its own state and commits it to the form
 * when typing pauses, on blur and on Enter — so a keystroke redraws one field.
 */
export function withDeferredCommit<P extends WidgetProps>(Widget: ComponentType<P>): ComponentType<P> {
  function Deferred(props: P) {
    const { value, onChange, onBlur, id } = props;
    const [local, setLocal] = useState(value);
    const pending = useRef<{ value: unknown; timer: ReturnType<typeof setTimeout> } | null>(null);
    const latestOnChange = useRef(onChange);
    latestOnChange.current = onChange;

    // A value set from outside (draft restored, computed field, reset) replaces what is shown.
    useEffect(() => {
      if (!pending.current) setLocal(value);
    }, [value]);

    const commit = useCallback(() => {
      const p = pending.current;
      if (!p) return;
      clearTimeout(p.timer);
      pending.current = null;
      latestOnChange.current(p.value);
    }, []);
    useEffect(() => commit, [commit]); // leaving the page commits what was typed

    // A field showing an error commits every keystroke, so its message goes as soon as the value is
    // right — not on blur, when the form shrinking under the pointer would make a click miss its button.
    const showsError = (props.rawErrors?.length ?? 0) > 0;
    const change = useCallback(
      (next: unknown) => {
        setLocal(next);
        if (pending.current) clearTimeout(pending.current.timer);
        pending.current = { value: next, timer: setTimeout(commit, COMMIT_DELAY_MS) };
        if (showsError) commit();
      },
      [commit, showsError],
    );
    const blur = useCallback(
      (widgetId: string, v: unknown) => {
        commit();
        onBlur(widgetId, v);
      },
      [commit, onBlur],
    );
    return (
      <div onKeyDown={(e) => e.key === 'Enter' && commit()} style={{ width: '100%' }} data-field-id={id}>
        <Widget {...props} value={local} onChange={change} onBlur={blur} />
      </div>
    );
  }
  Deferred.displayName = `Deferred(${Widget.displayName ?? Widget.name})`;
  return Deferred;
}
