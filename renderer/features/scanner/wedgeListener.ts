import type { WedgeDetectorOptions, WedgeScan } from '../../../shared/hid/wedge';
import { createWedgeGate, typedText, type GateDecision, type GateKey } from './wedgeGate';

/**
 * The keyboard wedge on every screen: one keydown listener on the window in the capture phase
 * (before any field or shortcut sees the key) feeds the gate (wedgeGate.ts). A key the gate holds
 * is stopped (preventDefault + stopImmediatePropagation); when the held keys turn out to be a
 * person typing they are delivered where they were aimed: inserted as text into the focused
 * field (execCommand('insertText'): the field's input event fires, React sees the change, undo
 * works), or, on anything else, re-dispatched as key events for the page's own key handlers.
 * A scan never reaches the page as keys; it goes to `onScan`.
 */
export interface WedgeListener {
  configure(options: WedgeDetectorOptions & { enabled: boolean }): void;
  dispose(): void;
}

interface Aimed {
  key: GateKey;
  target: EventTarget | null;
}

/**
 * A password or PIN field: what is typed there is never a scan, however fast (a quick typist, a
 * password manager), and must never be held or handed to the scan path.
 */
export function isSecretField(el: Element | null): boolean {
  if (!el || el.tagName !== 'INPUT') return false;
  return (el as HTMLInputElement).type === 'password' || el.getAttribute('data-secret') === 'true';
}

function isEditable(el: Element | null): boolean {
  if (el === null) return false;
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  if (el instanceof HTMLInputElement) {
    const textLike = ['text', 'search', 'email', 'url', 'tel', 'password', 'number', ''];
    return textLike.includes(el.type) && !el.readOnly && !el.disabled;
  }
  return el instanceof HTMLElement && el.isContentEditable;
}

export function installWedgeListener(win: Window, onScan: (scan: WedgeScan) => void): WedgeListener {
  const doc = win.document;
  let enabled = true;
  let gap = 50;
  const gate = createWedgeGate();
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Where each held key was aimed (the focused element at its keydown). */
  const targets = new Map<GateKey, EventTarget | null>();
  let configured = JSON.stringify({ enabled: true });
  /** Settings that arrived in the middle of a burst: applied once it is resolved. */
  let deferred: (WedgeDetectorOptions & { enabled: boolean }) | null = null;

  const insert = (target: EventTarget | null, text: string): void => {
    if (text === '') return;
    const active = doc.activeElement;
    const el = target instanceof Element ? target : active;
    if (!isEditable(el)) return;
    // Deprecated but the one way to insert text as if typed: fires beforeinput/input, keeps undo
    // and maxlength. Only for the focused field; a field the focus has just left (a click or Tab
    // while keys were held) gets the text at its caret with setRangeText and an input event.
    if (el === active && doc.execCommand('insertText', false, text)) return;
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
      try {
        const start = el.selectionStart ?? el.value.length;
        const end = el.selectionEnd ?? start;
        el.setRangeText(text, start, end, 'end');
      } catch {
        el.value += text; // input types without a selection (number)
      }
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }
  };

  const deliver = (released: Aimed[]): void => {
    let text = '';
    let textTarget: EventTarget | null = null;
    const flushText = () => {
      insert(textTarget, text);
      text = '';
    };
    for (const { key, target } of released) {
      if (target instanceof Element && isEditable(target)) {
        if (textTarget !== target) flushText();
        textTarget = target;
        text += typedText(key);
        continue;
      }
      flushText();
      // Not a field: the page's own key handlers get the key (a synthetic event, ignored below).
      const init: KeyboardEventInit = { key: key.key, code: key.code, ctrlKey: !!key.ctrlKey, altKey: !!key.altKey, metaKey: !!key.metaKey, bubbles: true, cancelable: true };
      (target ?? doc.body).dispatchEvent(new KeyboardEvent('keydown', init));
    }
    flushText();
  };

  const apply = (decision: GateDecision): void => {
    if (decision.release.length > 0) {
      deliver(decision.release.map((key) => ({ key, target: targets.get(key) ?? null })));
      for (const key of decision.release) targets.delete(key);
    }
    if (!gate.pending()) targets.clear();
    for (const scan of decision.scans) onScan(scan);
    if (deferred !== null && !gate.pending()) {
      const next = deferred;
      deferred = null;
      reconfigure(next);
    }
  };

  const reconfigure = (options: WedgeDetectorOptions & { enabled: boolean }): void => {
    const key = JSON.stringify(options);
    if (key === configured) return;
    // Never in the middle of a burst (the settings load right after login, while a scan may be
    // arriving): that would cut the scan in two.
    if (gate.pending()) {
      deferred = options;
      return;
    }
    configured = key;
    enabled = options.enabled;
    gap = options.maxKeyGapMs ?? 50;
    apply(gate.configure(options));
  };

  const schedule = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!gate.pending()) return;
    timer = setTimeout(() => {
      timer = null;
      // Keys already on their way are not "idle": let them in first (Chromium tells us).
      const scheduling = (win.navigator as Navigator & { scheduling?: { isInputPending?: () => boolean } }).scheduling;
      if (scheduling?.isInputPending?.() === true) {
        timer = setTimeout(() => {
          timer = null;
          apply(gate.flush(win.performance.now()));
          schedule();
        }, 5);
        return;
      }
      apply(gate.flush(win.performance.now()));
      schedule();
    }, gap + 5);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (!enabled || !event.isTrusted) return;
    if (isSecretField(doc.activeElement)) {
      // Let the key through untouched; anything held before the focus moved here goes out first.
      if (gate.pending()) apply(gate.release());
      return;
    }
    const key: GateKey = {
      key: event.key,
      code: event.code,
      at: event.timeStamp,
      ctrlKey: event.ctrlKey,
      altKey: event.altKey,
      metaKey: event.metaKey,
      repeat: event.repeat,
      composing: event.isComposing || event.keyCode === 229,
    };
    const decision = gate.key(key, { editable: isEditable(doc.activeElement) });
    if (decision.consume) {
      event.preventDefault();
      event.stopImmediatePropagation();
      targets.set(key, doc.activeElement);
    }
    apply(decision);
    schedule();
  };

  /** Focus leaving or a click: no scanner does that mid-scan, so what is held goes out now, in place. */
  const onInterrupt = (): void => {
    if (gate.pending()) apply(gate.release());
    schedule();
  };

  win.addEventListener('keydown', onKeyDown, { capture: true });
  win.addEventListener('focusout', onInterrupt, { capture: true });
  win.addEventListener('pointerdown', onInterrupt, { capture: true });

  return {
    configure: (options) => reconfigure(options),
    dispose() {
      win.removeEventListener('keydown', onKeyDown, { capture: true });
      win.removeEventListener('focusout', onInterrupt, { capture: true });
      win.removeEventListener('pointerdown', onInterrupt, { capture: true });
      if (timer !== null) clearTimeout(timer);
      apply(gate.configure({}));
    },
  };
}
