import { Alert, Button, Group, List, Modal, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportResult, StocktakeView } from '../../../shared/api/stocktake';
import { IMPORT_FORMAT_HELP } from '../../../shared/domain/stocktake/import';
import type { Result } from '../../../shared/result';
import { useStocktake, useStores } from '../../app/context';
import { saveFile } from '../../components/pdf';
import { openPrintPreview } from '../print/printPreview';
import { formatNumber } from '../../i18n/format';

/** A file's text: UTF-8 (with or without BOM), or Windows-1252 as older Swedish Excel saves CSV. */
export function decodeCsv(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * The stocktake's documents: count sheets (inventeringslistor, per zone or all) as PDF, the variance
 * report (differenslista) as PDF, Excel or CSV, and counts imported from a CSV file (a first count
 * on paper), checked row by row before anything is written.
 */
export function StocktakeDocuments({ view }: { view: StocktakeView }) {
  const { t } = useTranslation();
  const { transport } = useStores();
  const [zone, setZone] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const id = view.summary.id;
  const counting = view.summary.status === 'counting';

  const run = async (what: 'sheets' | 'pdf' | 'xlsx' | 'csv', call: () => Promise<Result<{ fileName: string; base64: string; mimeType?: string }>>) => {
    setBusy(what);
    setError(null);
    const result = await call();
    setBusy(null);
    if (!result.ok) setError(result.error.message);
    // A PDF opens in the print preview (decision 0039); Excel and CSV are saved.
    else if (what === 'xlsx' || what === 'csv') saveFile(result.value);
    else openPrintPreview(result.value);
  };

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="stocktake-documents-title" data-testid="stocktake-documents">
      <Title order={2} size="h5" id="stocktake-documents-title" mb={6}>
        {t('stocktake.documents.title')}
      </Title>
      <Stack gap="xs">
        {view.zones.length > 0 ? (
          <NativeSelect
            label={t('stocktake.documents.zone')}
            value={zone}
            onChange={(e) => setZone(e.currentTarget.value)}
            data={[{ value: '', label: t('stocktake.documents.allZones') }, ...view.zones.map((z) => ({ value: z.id, label: z.name }))]}
          />
        ) : null}
        <div>
          <Button
            variant="default"
            loading={busy === 'sheets'}
            onClick={() => void run('sheets', () => transport.invoke('stocktake.countSheets', { id, zoneId: zone === '' ? null : zone }))}
            data-testid="stocktake-count-sheets"
          >
            {t('stocktake.documents.countSheets')}
          </Button>
        </div>
        <Group gap={6} align="center" role="group" aria-labelledby="stocktake-report-label">
          <Text size="sm" id="stocktake-report-label" mr={4}>
            {t('stocktake.documents.report')}
          </Text>
          {(['pdf', 'xlsx', 'csv'] as const).map((format) => (
            <Button
              key={format}
              variant="default"
              loading={busy === format}
              onClick={() => void run(format, () => transport.invoke('stocktake.report', { id, format }))}
              aria-label={t(`stocktake.documents.reportAs.${format}`)}
              data-testid={`stocktake-report-${format}`}
            >
              {t(`stocktake.documents.formats.${format}`)}
            </Button>
          ))}
        </Group>
        {counting ? (
          <div>
            <Button variant="light" onClick={() => setImporting(true)} data-testid="stocktake-import-open">
              {t('stocktake.import.open')}
            </Button>
          </div>
        ) : null}
      </Stack>
      {error ? (
        <Text size="sm" c="red.9" mt="xs" role="alert">
          {error}
        </Text>
      ) : null}
      <ImportDialog opened={importing} onClose={() => setImporting(false)} stocktakeId={id} />
    </Paper>
  );
}

function ImportDialog({ opened, onClose, stocktakeId }: { opened: boolean; onClose: () => void; stocktakeId: string }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('stocktake.import.title')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }} data-testid="stocktake-import-dialog">
      {opened ? <ImportForm onClose={onClose} stocktakeId={stocktakeId} /> : null}
    </Modal>
  );
}

function ImportForm({ onClose, stocktakeId }: { onClose: () => void; stocktakeId: string }) {
  const { t } = useTranslation();
  const stores = useStores();
  const zoneId = useStocktake((s) => s.zoneId);
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; csv: string } | null>(null);
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (csv: string, dryRun: boolean): Promise<ImportResult | null> => {
    setBusy(true);
    setError(null);
    const result = await stores.transport.invoke('stocktake.importCounts', { id: stocktakeId, csv, zoneId, dryRun });
    setBusy(false);
    if (!result.ok) {
      const issues = result.error.details?.issues as { message: string }[] | undefined;
      setError(issues?.[0]?.message ?? result.error.message);
      return null;
    }
    return result.value;
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.currentTarget.files?.[0];
    setCheck(null);
    setDone(null);
    if (!chosen) return;
    const csv = decodeCsv(await chosen.arrayBuffer());
    setFile({ name: chosen.name, csv });
    setCheck(await send(csv, true));
  };

  const onImport = async () => {
    if (!file) return;
    const result = await send(file.csv, false);
    if (result) {
      setDone(result);
      void stores.stocktake.getState().refresh();
    }
  };

  if (done) {
    return (
      <Stack gap="sm">
        <Alert color="green" variant="outline" role="status" data-testid="stocktake-import-done">
          {done.errors.length === 0 ? t('stocktake.import.done', { count: done.imported }) : t('stocktake.import.refused')}
        </Alert>
        {done.errors.length > 0 ? <RowErrors result={done} /> : null}
        <Group justify="flex-end">
          <Button onClick={onClose} data-autofocus>
            {t('common.close')}
          </Button>
        </Group>
      </Stack>
    );
  }

  const ready = check !== null && check.errors.length === 0 && check.rows > 0;
  return (
    <Stack gap="sm">
      <Text size="sm">{IMPORT_FORMAT_HELP}</Text>
      <Text size="sm">{t('stocktake.import.help')}</Text>
      <div>
        <input ref={fileRef} type="file" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => void onFile(e)} className="visually-hidden" id="stocktake-import-file" data-testid="stocktake-import-file" />
        <Group gap="sm">
          <Button variant="default" onClick={() => fileRef.current?.click()} data-autofocus>
            {t('stocktake.import.choose')}
          </Button>
          <Text size="sm">{file ? file.name : t('stocktake.import.noFile')}</Text>
        </Group>
      </div>
      {error ? (
        <Alert color="red" variant="outline" role="alert">
          {error}
        </Alert>
      ) : null}
      {check ? (
        check.errors.length === 0 ? (
          <Alert color={check.rows > 0 ? 'green' : 'orange'} variant="outline" role="status" data-testid="stocktake-import-check">
            {check.rows > 0 ? t('stocktake.import.ready', { count: check.rows, formatted: formatNumber(check.rows) }) : t('stocktake.import.empty')}
          </Alert>
        ) : (
          <RowErrors result={check} />
        )
      ) : null}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button onClick={() => void onImport()} disabled={!ready} loading={busy} data-testid="stocktake-import">
          {t('stocktake.import.submit')}
        </Button>
      </Group>
    </Stack>
  );
}

function RowErrors({ result }: { result: ImportResult }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="outline" role="alert" data-testid="stocktake-import-errors">
      <Text size="sm" fw={600} mb={4}>
        {t('stocktake.import.errors', { count: result.errors.length, rows: result.rows })}
      </Text>
      <List size="sm" spacing={2} style={{ maxHeight: 260, overflow: 'auto' }}>
        {result.errors.map((e) => (
          <List.Item key={`${e.row}:${e.message}`}>{e.row > 0 ? t('stocktake.import.row', { row: e.row, message: e.message }) : e.message}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
