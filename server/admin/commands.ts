import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { err, ok, type Result } from '../../shared/result';
import { closeActivity, listActivities } from '../activity/admin';
import { addArticle, setArticleStatus } from '../article/admin';
import { attachCentral, attachmentFile, listAttachments } from '../attachment/admin';
import { listDeviations, setDeviationStatus } from '../deviation/admin';
import { verifyAuditCommand } from '../audit/verify';
import type { Db } from '../db/db';
import { deliverPurchaseOrder, listOrders, moveDeliveryDate, shipOrder, startPicking } from '../order/admin';
import { finishPickupOrder, listPickupOrders } from '../pickup-order/admin';
import { temporaryPassword } from '../session/passwords';
import { deactivateInactive, setTemporaryPassword } from '../session/sessions';
import { listReturns } from '../return/admin';
import { listRegionSettings, setRegionSetting } from '../region-settings/admin';
import { resetClient } from '../sync/auth';

/**
 * The central admin commands behind `npm run central -- <command>` (and POST /admin/command of a
 * running server that owns a PGlite directory). Each command is one transaction whose changes
 * land in the change feed like any other central change.
 */
export const CENTRAL_USAGE = `Användning: npm run central -- <kommando>

  add-article <artikelnr> <benämning> [--type mainAid] [--tracked] [--b-aid] [--iso 120606] [--supplier S001] [--price <kr>] [--gtin <14 siffror>]
  set-article-status <artikelnr> <active|phasingOut|gone>
  pick <ordernr | preliminärt nr>       centrallagret börjar plocka ordern: status För plock (den kan inte längre makuleras)
  ship <ordernr | preliminärt nr>       utlevererar orderns rader från centrallagret (lagret får dem kvitterade)
  deliver <inköpsordernr>               leverantörens leverans har kommit till lagret, som kvitterar den
  move-delivery-date <ordernr> <ÅÅÅÅ-MM-DD>
  orders                                order med rader (väg, status) och inköpsorder
  pickups                               hämtorder (nummer, lager, status, orsak, hjälpmedel, utskrifter; inga personuppgifter)
  close-pickup <hämtordernr | prel. nr> hämtordern är utförd: Stängd, och hjälpmedlen återlämnas till centrallagret (lagret ser det efter synk)
  cancel-pickup <hämtordernr | prel. nr> hämtordern görs inte: Makulerad
  returns                               returer av hjälpmedel (lager, åtgärd, rekond) och returer till leverantör
  region-settings                       regionens inställningar: varje nyckel, dess värde och om det är standardvärdet
  region-setting <nyckel> <json-värde>  sätter en av regionens inställningar (t.ex. region-setting loginMode '"siths"'); arbetsstationerna får den med nästa synk
  attach <order|activity|deviation> <ordernr | aktivitetsnr | id> <fil>   bifogar en PDF, PNG eller JPEG (högst 10 MB); lagret får den med nästa synk
  attachments <order|activity|deviation> <ordernr | aktivitetsnr | id>   bilagorna centralen har (namn, typ, storlek, sha256, vem, när)
  attachment-file <bilage-id> <fil>     sparar bilagans innehåll i en fil
  deviations                            regionens avvikelser och reklamationer (nummer, lager, typ, status, bilagor)
  deviation-status <AV-nr | id> <investigating|closed>   utreder eller avslutar en avvikelse; lagret får statusen med nästa synk
  close-activity <aktivitetsnr> <utförd åtgärd>   avslutar en aktivitet (inte buffertreparation); lagret får ett meddelande
  activities                            aktiviteter med status och återrapporteringar
  set-password <användar-id>            ett tillfälligt lösenord som måste bytas vid första inloggningen
  deactivate-inactive                   avaktiverar användare som inte loggat in på 6 månader
  reset-client <klient-id>   arbetsstationen får registreras en gång till med registreringsnyckeln (den har tappat sin nyckel)
  verify-audit [klient-id]   kontrollerar granskningsloggarnas hashkedjor (centralens och arbetsstationernas) och visar varje brott

Databas: DATABASE_URL (PostgreSQL), annars PGlite i BUFFERT_SERVER_DATA_DIR (standard ~/.buffert-central).`;

export async function runCentralCommand(db: Db, argv: readonly string[]): Promise<Result<string>> {
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: {
        type: { type: 'string', default: 'mainAid' },
        tracked: { type: 'boolean', default: false },
        'b-aid': { type: 'boolean', default: false },
        iso: { type: 'string', default: '120606' },
        supplier: { type: 'string' },
        price: { type: 'string', default: '0' },
        gtin: { type: 'string' },
      },
    });
  } catch (error) {
    return err('invalid-command', `${error instanceof Error ? error.message : String(error)}\n\n${CENTRAL_USAGE}`);
  }
  const { positionals: p, values: v } = parsed;
  const need = (n: number) => (p.length === n ? null : err('invalid-command', `Fel antal argument till ${command}.\n\n${CENTRAL_USAGE}`));
  switch (command) {
    case 'add-article': {
      const wrong = need(2);
      if (wrong) return wrong;
      const price = Number(v.price);
      return addArticle(db, {
        articleNo: p[0]!,
        name: p[1]!,
        articleType: v.type as never,
        trackedIndividually: v.tracked,
        aidCategory: v['b-aid'] ? 'B' : 'A',
        isoCode: v.iso,
        supplierId: v.supplier ?? null,
        priceOre: Number.isFinite(price) ? Math.round(price * 100) : -1,
        gtin: v.gtin ?? null,
      });
    }
    case 'set-article-status':
      return need(2) ?? setArticleStatus(db, p[0]!, p[1]!);
    case 'pick':
      return need(1) ?? startPicking(db, p[0]!);
    case 'ship':
      return need(1) ?? shipOrder(db, p[0]!);
    case 'deliver':
      return need(1) ?? deliverPurchaseOrder(db, p[0]!);
    case 'move-delivery-date':
      return need(2) ?? moveDeliveryDate(db, p[0]!, p[1]!);
    case 'orders':
      return need(0) ?? listOrders(db);
    case 'pickups':
      return need(0) ?? listPickupOrders(db);
    case 'close-pickup':
      return need(1) ?? finishPickupOrder(db, p[0]!, 'closed');
    case 'cancel-pickup':
      return need(1) ?? finishPickupOrder(db, p[0]!, 'cancelled');
    case 'returns':
      return need(0) ?? listReturns(db);
    case 'region-settings':
      return need(0) ?? listRegionSettings(db);
    case 'region-setting':
      return need(2) ?? setRegionSetting(db, p[0]!, p[1]!);
    case 'attach': {
      const wrong = need(3);
      if (wrong) return wrong;
      let bytes: Buffer;
      try {
        bytes = readFileSync(p[2]!);
      } catch {
        return err('unreadable-file', `Filen ${p[2]} kunde inte läsas.`);
      }
      return attachCentral(db, p[0]!, p[1]!, p[2]!, bytes);
    }
    case 'deviations':
      return need(0) ?? listDeviations(db);
    case 'deviation-status':
      return need(2) ?? setDeviationStatus(db, p[0]!, p[1]!);
    case 'attachments':
      return need(2) ?? listAttachments(db, p[0]!, p[1]!);
    case 'attachment-file': {
      const wrong = need(2);
      if (wrong) return wrong;
      const file = await attachmentFile(db, p[0]!);
      if (!file.ok) return file;
      writeFileSync(p[1]!, file.value.bytes);
      return ok(`${file.value.fileName} (${file.value.bytes.length} byte) sparad i ${p[1]}.`);
    }
    case 'close-activity':
      return need(2) ?? closeActivity(db, p[0]!, p[1]!);
    case 'activities':
      return need(0) ?? listActivities(db);
    case 'reset-client':
      return need(1) ?? resetClient(db, p[0]!);
    case 'set-password': {
      const wrong = need(1);
      if (wrong) return wrong;
      const password = temporaryPassword();
      if (!(await setTemporaryPassword(db, p[0]!, password))) return err('unknown-user', `Användaren ${p[0]} finns inte hos centralen.`);
      return ok(`Tillfälligt lösenord för ${p[0]}: ${password}\nLämna det till personen; det måste bytas vid första inloggningen.`);
    }
    case 'deactivate-inactive': {
      const wrong = need(0);
      if (wrong) return wrong;
      const ids = await deactivateInactive(db);
      return ok(ids.length === 0 ? 'Ingen användare har varit inaktiv i 6 månader.' : `Avaktiverade (ingen inloggning på 6 månader): ${ids.join(', ')}`);
    }
    case 'verify-audit':
      if (p.length > 1) return err('invalid-command', `Fel antal argument till ${command}.\n\n${CENTRAL_USAGE}`);
      return verifyAuditCommand(db, p[0]);
    default:
      return err('invalid-command', command ? `Okänt kommando "${command}".\n\n${CENTRAL_USAGE}` : CENTRAL_USAGE);
  }
}
