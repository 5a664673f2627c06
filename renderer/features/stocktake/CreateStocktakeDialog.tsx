import { Alert, Button, Checkbox, CloseButton, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ARTICLE_TYPES, type ArticleType } from '../../../shared/domain/model';
import type { AppError } from '../../../shared/result';
import { useStores } from '../../app/context';
import { focusFirstInvalid } from '../../components/forms';

/** Article types a stocktake may be limited to (service articles are never counted). */
const COUNTED_TYPES = ARTICLE_TYPES.filter((t): t is Exclude<ArticleType, 'service'> => t !== 'service');

interface ZoneRow {
  key: number;
  name: string;
  locations: string;
}

type Field = 'name' | 'isoCodes' | 'articleTypes' | 'locations' | 'zones';

/** "12 06, 18 12" → ["12 06", "18 12"]: commas or semicolons between the values. */
export const splitList = (text: string): string[] =>
  text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/** Where a refusal of the create call belongs: by the contract's path (scope.isoCodes.1 → isoCodes). */
function placeIssues(error: AppError): { fields: Partial<Record<Field, string>>; form: string | null } {
  const issues = Array.isArray(error.details?.issues) ? (error.details.issues as { path: string[]; message: string }[]) : [];
  if (issues.length === 0) return { fields: {}, form: error.message };
  const fields: Partial<Record<Field, string>> = {};
  const loose: string[] = [];
  for (const issue of issues) {
    const [first, second, third] = issue.path;
    const field: Field | null =
      first === 'name' ? 'name' : first === 'scope' && (second === 'isoCodes' || second === 'articleTypes' || second === 'locations') ? second : first === 'zones' ? 'zones' : null;
    const message = first === 'zones' && third !== undefined && second !== undefined ? `Zon ${Number(second) + 1}: ${issue.message}` : issue.message;
    if (field === null) loose.push(issue.message);
    else fields[field] ??= message;
  }
  return { fields, form: loose.length > 0 ? loose.join(' ') : null };
}

/**
 * "Ny inventering": name, scope (the whole store, or ISO classes, article types, shelf locations),
 * blind or open, and zones (a name and the shelf locations it covers) to hand to workstations.
 */
export function CreateStocktakeDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('stocktake.create.title')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }} data-testid="stocktake-create-dialog">
      {opened ? <CreateForm onClose={onClose} /> : null}
    </Modal>
  );
}

function CreateForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const stores = useStores();
  const [name, setName] = useState(() => t('stocktake.create.defaultName', { year: new Date().getFullYear() }));
  const [whole, setWhole] = useState(true);
  const [isoText, setIsoText] = useState('');
  const [types, setTypes] = useState<string[]>([]);
  const [locationsText, setLocationsText] = useState('');
  const [blind, setBlind] = useState(true);
  const [zones, setZones] = useState<ZoneRow[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [running, setRunning] = useState<{ id: string; message: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [form, setForm] = useState<HTMLFormElement | null>(null);

  const clear = (field: Field) => setErrors((e) => (e[field] === undefined ? e : { ...e, [field]: undefined }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const scope = whole
      ? { isoCodes: [], articleTypes: [], locations: [] }
      : { isoCodes: splitList(isoText), articleTypes: types as Exclude<ArticleType, 'service'>[], locations: splitList(locationsText) };
    if (!whole && scope.isoCodes.length === 0 && scope.articleTypes.length === 0 && scope.locations.length === 0) {
      setErrors({ isoCodes: t('stocktake.create.scopeEmpty') });
      setFormError(null);
      setTimeout(() => focusFirstInvalid(form), 0);
      return;
    }
    setSaving(true);
    setFormError(null);
    setRunning(null);
    const result = await stores.stocktake.getState().create({
      name,
      scope,
      blind,
      zones: zones.map((z) => ({ name: z.name, locations: splitList(z.locations) })),
    });
    setSaving(false);
    if (!result.ok) {
      const stocktakeId = result.error.details?.stocktakeId;
      if (result.error.code === 'overlapping-stocktake' && typeof stocktakeId === 'string') {
        setErrors({});
        setRunning({ id: stocktakeId, message: result.error.message });
        return;
      }
      const placed = placeIssues(result.error);
      setErrors(placed.fields);
      setFormError(placed.form);
      setTimeout(() => focusFirstInvalid(form), 0);
      return;
    }
    onClose();
    stores.router.getState().navigate({ page: 'stocktake', id: result.value.id, tab: 'count' });
  };

  const addZone = () => {
    setZones((z) => [...z, { key: nextKey, name: t('stocktake.create.zoneDefault', { n: z.length + 1 }), locations: '' }]);
    setNextKey((k) => k + 1);
    clear('zones');
  };
  const setZone = (key: number, patch: Partial<ZoneRow>) => {
    setZones((zs) => zs.map((z) => (z.key === key ? { ...z, ...patch } : z)));
    clear('zones');
  };

  return (
    <form ref={setForm} onSubmit={(e) => void onSubmit(e)} noValidate data-testid="stocktake-create-form">
      <Stack gap="sm">
        <TextInput
          label={t('stocktake.create.name')}
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            clear('name');
          }}
          error={errors.name}
          required
          data-autofocus
          autoComplete="off"
        />
        <Radio.Group
          label={t('stocktake.create.scope')}
          value={whole ? 'whole' : 'part'}
          onChange={(v) => {
            setWhole(v === 'whole');
            clear('isoCodes');
          }}
        >
          <Group gap="lg" mt={4}>
            <Radio value="whole" label={t('stocktake.create.whole')} />
            <Radio value="part" label={t('stocktake.create.part')} />
          </Group>
        </Radio.Group>
        {whole ? (
          <Text size="xs">{t('stocktake.create.wholeHelp')}</Text>
        ) : (
          <Stack gap="xs" pl="md" className="stocktake-scope">
            <TextInput
              label={t('stocktake.create.isoCodes')}
              description={t('stocktake.create.isoHelp')}
              placeholder="12 06, 18 12"
              value={isoText}
              onChange={(e) => {
                setIsoText(e.currentTarget.value);
                clear('isoCodes');
              }}
              error={errors.isoCodes}
              autoComplete="off"
              spellCheck={false}
            />
            <Checkbox.Group
              label={t('stocktake.create.articleTypes')}
              description={t('stocktake.create.articleTypesHelp')}
              value={types}
              onChange={(v) => {
                setTypes(v);
                clear('articleTypes');
              }}
              error={errors.articleTypes}
            >
              <Group gap="md" mt={4}>
                {COUNTED_TYPES.map((type) => (
                  <Checkbox key={type} value={type} label={t(`articleTypes.${type}`)} />
                ))}
              </Group>
            </Checkbox.Group>
            <TextInput
              label={t('stocktake.create.locations')}
              description={t('stocktake.create.locationsHelp')}
              placeholder="Hylla A, Hylla B1"
              value={locationsText}
              onChange={(e) => {
                setLocationsText(e.currentTarget.value);
                clear('locations');
              }}
              error={errors.locations}
              autoComplete="off"
            />
          </Stack>
        )}
        <Checkbox label={t('stocktake.create.blind')} description={t('stocktake.create.blindHelp')} checked={blind} onChange={(e) => setBlind(e.currentTarget.checked)} data-testid="stocktake-create-blind" />
        <fieldset className="stocktake-zones">
          <legend>{t('stocktake.create.zones')}</legend>
          <Text size="xs" mb={6}>
            {t('stocktake.create.zonesHelp')}
          </Text>
          <Stack gap={6}>
            {zones.map((z, i) => (
              <Group key={z.key} gap="xs" wrap="nowrap" align="flex-end" data-testid="stocktake-zone-row">
                <TextInput
                  label={t('stocktake.create.zoneName', { n: i + 1 })}
                  value={z.name}
                  onChange={(e) => setZone(z.key, { name: e.currentTarget.value })}
                  w={180}
                  autoComplete="off"
                />
                <TextInput
                  label={t('stocktake.create.zoneLocations', { n: i + 1 })}
                  placeholder={t('stocktake.create.zoneLocationsPlaceholder')}
                  value={z.locations}
                  onChange={(e) => setZone(z.key, { locations: e.currentTarget.value })}
                  style={{ flex: 1 }}
                  autoComplete="off"
                />
                <CloseButton aria-label={t('stocktake.create.removeZone', { n: i + 1 })} onClick={() => setZones((zs) => zs.filter((x) => x.key !== z.key))} mb={4} />
              </Group>
            ))}
          </Stack>
          {errors.zones ? (
            <Text size="xs" c="red.9" mt={4} role="alert">
              {errors.zones}
            </Text>
          ) : null}
          <Button variant="light" size="compact-xs" mt={8} onClick={addZone} data-testid="stocktake-add-zone">
            {t('stocktake.create.addZone')}
          </Button>
        </fieldset>
        {running ? (
          <Alert color="orange" variant="outline" role="alert" data-testid="stocktake-overlap">
            <Text size="sm">{running.message}</Text>
            <Button
              mt="xs"
              size="xs"
              onClick={() => {
                onClose();
                stores.router.getState().navigate({ page: 'stocktake', id: running.id, tab: 'count' });
              }}
            >
              {t('stocktake.create.openRunning')}
            </Button>
          </Alert>
        ) : null}
        {formError ? (
          <Alert color="red" variant="outline" role="alert" data-testid="stocktake-create-error">
            {formError}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saving} data-testid="stocktake-create-submit">
            {t('stocktake.create.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
