import { Button, Group, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';

/** The last scan's answer as the receipt and check screens show it, large. */
export interface LastScan {
  outcome: string;
  lineNo: number | null;
  seq: number;
}

/**
 * The big answer to the last scan (green: it did something, red: refused and nothing changed),
 * announced to screen readers; shared by the receipt and the central-delivery check.
 */
export function ScanFeedbackArea({ lastScan, title, message, testId }: { lastScan: LastScan | null; title: string; message: ReactNode; testId: string }) {
  return (
    <div className="receipt-feedback" data-outcome={lastScan?.outcome ?? 'idle'} role="status" aria-live="polite" aria-atomic="true" data-testid={testId}>
      <Text size="xs" fw={600} tt="uppercase" c="inherit">
        {title}
      </Text>
      {/* The key makes the same message twice a new announcement. */}
      <div key={lastScan?.seq ?? 0} className="receipt-feedback-text" data-testid={`${testId}-message`}>
        {message}
      </div>
    </div>
  );
}

/** "Skanna/skriv kod": a typed code goes the same way as a scan (Enter or the button sends it). */
export function ScanForm({ label, help, send, testId, onCode }: { label: string; help: string; send: string; testId: string; onCode: (text: string) => void }) {
  const [code, setCode] = useState('');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const text = code;
    setCode('');
    if (text.trim() !== '') onCode(text);
  };
  return (
    <form onSubmit={onSubmit} aria-label={label}>
      <TextInput
        label={label}
        description={help}
        value={code}
        onChange={(e) => setCode(e.currentTarget.value)}
        autoFocus
        autoComplete="off"
        spellCheck={false}
        maw={620}
        data-testid={testId}
        inputContainer={(input) => (
          <Group gap="sm" wrap="nowrap">
            <div style={{ flex: 1 }}>{input}</div>
            <Button type="submit" variant="light">
              {send}
            </Button>
          </Group>
        )}
      />
    </form>
  );
}
