/**
 * GS1 Application Identifier table.
 *
 * Source: GS1 General Specifications (section 3, "GS1 Application Identifier definitions") as
 * published in machine-readable form by the GS1 Barcode Syntax Dictionary
 * (https://ref.gs1.org/tools/gs1-barcode-syntax-resource/syntax-dictionary/).
 *
 * Each row: AI (or range `3100-3105`), `*` if the AI has a predefined length and therefore needs
 * no FNC1/GS after it, the data field spec in GS1 notation, a short title. Field spec components
 * are separated by spaces: `N14` = exactly 14 digits, `X..20` = 1–20 characters of GS1 character
 * set 82, `[X..17]` = optional last component, `,name` = a check from `AiCheck` below.
 *
 * To add an AI: copy its row from the General Specifications. An AI whose content checks we do
 * not implement (e.g. percent-encoded address fields 4300–4333, the alphanumeric GMN check of
 * 8013) is deliberately left out, so it is reported as unknown instead of being half-validated.
 * Pairing rules (e.g. "21 requires 01") are not enforced: a scan may be one of several labels.
 */

export type AiCharset = 'N' | 'X' | 'Y';

/** Content checks ("linters") we implement. */
export type AiCheck = 'csum' | 'yymmd0' | 'yymmdd' | 'yymmddhh' | 'hhmm' | 'zero';

export interface AiComponent {
  charset: AiCharset;
  min: number;
  max: number;
  checks: readonly AiCheck[];
}

export interface AiDefinition {
  ai: string;
  /** Predefined length (GS1 General Specifications figure 7.8.5-2): no separator follows. */
  predefined: boolean;
  components: readonly AiComponent[];
  /** Sum of component minimums / maximums. */
  minLength: number;
  maxLength: number;
  title: string;
}

const ROWS: readonly (readonly [string, '*' | '', string, string])[] = [
  ['00', '*', 'N18,csum', 'SSCC'],
  ['01', '*', 'N14,csum', 'GTIN'],
  ['02', '*', 'N14,csum', 'CONTENT'],
  ['10', '', 'X..20', 'BATCH/LOT'],
  ['11', '*', 'N6,yymmd0', 'PROD DATE'],
  ['12', '*', 'N6,yymmd0', 'DUE DATE'],
  ['13', '*', 'N6,yymmd0', 'PACK DATE'],
  ['15', '*', 'N6,yymmd0', 'BEST BEFORE'],
  ['16', '*', 'N6,yymmd0', 'SELL BY'],
  ['17', '*', 'N6,yymmd0', 'USE BY OR EXPIRY'],
  ['20', '*', 'N2', 'VARIANT'],
  ['21', '', 'X..20', 'SERIAL'],
  ['22', '', 'X..20', 'CPV'],
  ['235', '', 'X..28', 'TPX'],
  ['240', '', 'X..30', 'ADDITIONAL ID'],
  ['241', '', 'X..30', 'CUST. PART No.'],
  ['242', '', 'N..6', 'MTO VARIANT'],
  ['243', '', 'X..20', 'PCN'],
  ['250', '', 'X..30', 'SECONDARY SERIAL'],
  ['251', '', 'X..30', 'REF. TO SOURCE'],
  ['253', '', 'N13,csum [X..17]', 'GDTI'],
  ['254', '', 'X..20', 'GLN EXTENSION COMPONENT'],
  ['255', '', 'N13,csum [N..12]', 'GCN'],
  ['30', '', 'N..8', 'VAR. COUNT'],
  // Trade and logistic measures: 31nn–36nn, last digit = implied decimal point position.
  ['3100-3105', '*', 'N6', 'NET WEIGHT (kg)'],
  ['3110-3115', '*', 'N6', 'LENGTH (m)'],
  ['3120-3125', '*', 'N6', 'WIDTH (m)'],
  ['3130-3135', '*', 'N6', 'HEIGHT (m)'],
  ['3140-3145', '*', 'N6', 'AREA (m2)'],
  ['3150-3155', '*', 'N6', 'NET VOLUME (l)'],
  ['3160-3165', '*', 'N6', 'NET VOLUME (m3)'],
  ['3200-3205', '*', 'N6', 'NET WEIGHT (lb)'],
  ['3210-3215', '*', 'N6', 'LENGTH (in)'],
  ['3220-3225', '*', 'N6', 'LENGTH (ft)'],
  ['3230-3235', '*', 'N6', 'LENGTH (yd)'],
  ['3240-3245', '*', 'N6', 'WIDTH (in)'],
  ['3250-3255', '*', 'N6', 'WIDTH (ft)'],
  ['3260-3265', '*', 'N6', 'WIDTH (yd)'],
  ['3270-3275', '*', 'N6', 'HEIGHT (in)'],
  ['3280-3285', '*', 'N6', 'HEIGHT (ft)'],
  ['3290-3295', '*', 'N6', 'HEIGHT (yd)'],
  ['3300-3305', '*', 'N6', 'GROSS WEIGHT (kg)'],
  ['3310-3315', '*', 'N6', 'LENGTH (m), log'],
  ['3320-3325', '*', 'N6', 'WIDTH (m), log'],
  ['3330-3335', '*', 'N6', 'HEIGHT (m), log'],
  ['3340-3345', '*', 'N6', 'AREA (m2), log'],
  ['3350-3355', '*', 'N6', 'VOLUME (l), log'],
  ['3360-3365', '*', 'N6', 'VOLUME (m3), log'],
  ['3370-3375', '*', 'N6', 'KG PER m2'],
  ['3400-3405', '*', 'N6', 'GROSS WEIGHT (lb)'],
  ['3410-3415', '*', 'N6', 'LENGTH (in), log'],
  ['3420-3425', '*', 'N6', 'LENGTH (ft), log'],
  ['3430-3435', '*', 'N6', 'LENGTH (yd), log'],
  ['3440-3445', '*', 'N6', 'WIDTH (in), log'],
  ['3450-3455', '*', 'N6', 'WIDTH (ft), log'],
  ['3460-3465', '*', 'N6', 'WIDTH (yd), log'],
  ['3470-3475', '*', 'N6', 'HEIGHT (in), log'],
  ['3480-3485', '*', 'N6', 'HEIGHT (ft), log'],
  ['3490-3495', '*', 'N6', 'HEIGHT (yd), log'],
  ['3500-3505', '*', 'N6', 'AREA (in2)'],
  ['3510-3515', '*', 'N6', 'AREA (ft2)'],
  ['3520-3525', '*', 'N6', 'AREA (yd2)'],
  ['3530-3535', '*', 'N6', 'AREA (in2), log'],
  ['3540-3545', '*', 'N6', 'AREA (ft2), log'],
  ['3550-3555', '*', 'N6', 'AREA (yd2), log'],
  ['3560-3565', '*', 'N6', 'NET WEIGHT (troy oz)'],
  ['3570-3575', '*', 'N6', 'NET VOLUME (oz)'],
  ['3600-3605', '*', 'N6', 'NET VOLUME (qt)'],
  ['3610-3615', '*', 'N6', 'NET VOLUME (gal.)'],
  ['3620-3625', '*', 'N6', 'VOLUME (qt), log'],
  ['3630-3635', '*', 'N6', 'VOLUME (gal.), log'],
  ['3640-3645', '*', 'N6', 'VOLUME (in3)'],
  ['3650-3655', '*', 'N6', 'VOLUME (ft3)'],
  ['3660-3665', '*', 'N6', 'VOLUME (yd3)'],
  ['3670-3675', '*', 'N6', 'VOLUME (in3), log'],
  ['3680-3685', '*', 'N6', 'VOLUME (ft3), log'],
  ['3690-3695', '*', 'N6', 'VOLUME (yd3), log'],
  ['37', '', 'N..8', 'COUNT'],
  ['3900-3909', '', 'N..15', 'AMOUNT'],
  ['3910-3919', '', 'N3 N..15', 'AMOUNT (ISO currency)'],
  ['3920-3929', '', 'N..15', 'PRICE'],
  ['3930-3939', '', 'N3 N..15', 'PRICE (ISO currency)'],
  ['3940-3943', '', 'N4', 'PRCNT OFF'],
  ['3950-3955', '', 'N6', 'PRICE/UoM'],
  ['400', '', 'X..30', 'ORDER NUMBER'],
  ['401', '', 'X..30', 'GINC'],
  ['402', '', 'N17,csum', 'GSIN'],
  ['403', '', 'X..30', 'ROUTE'],
  ['410', '*', 'N13,csum', 'SHIP TO LOC'],
  ['411', '*', 'N13,csum', 'BILL TO'],
  ['412', '*', 'N13,csum', 'PURCHASE FROM'],
  ['413', '*', 'N13,csum', 'SHIP FOR LOC'],
  ['414', '*', 'N13,csum', 'LOC No.'],
  ['415', '*', 'N13,csum', 'PAY TO'],
  ['416', '*', 'N13,csum', 'PROD/SERV LOC'],
  ['417', '*', 'N13,csum', 'PARTY'],
  ['420', '', 'X..20', 'SHIP TO POST'],
  ['421', '', 'N3 X..9', 'SHIP TO POST (ISO country)'],
  ['422', '', 'N3', 'ORIGIN'],
  ['423', '', 'N..15', 'COUNTRY - INITIAL PROCESS'],
  ['424', '', 'N3', 'COUNTRY - PROCESS'],
  ['425', '', 'N..15', 'COUNTRY - DISASSEMBLY'],
  ['426', '', 'N3', 'COUNTRY - FULL PROCESS'],
  ['427', '', 'X..3', 'ORIGIN SUBDIVISION'],
  ['7001', '', 'N13', 'NSN'],
  ['7002', '', 'X..30', 'MEAT CUT'],
  ['7003', '', 'N6,yymmdd N4,hhmm', 'EXPIRY TIME'],
  ['7004', '', 'N..4', 'ACTIVE POTENCY'],
  ['7005', '', 'X..12', 'CATCH AREA'],
  ['7006', '', 'N6,yymmdd', 'FIRST FREEZE DATE'],
  ['7007', '', 'N6,yymmdd [N6],yymmdd', 'HARVEST DATE'],
  ['7008', '', 'X..3', 'AQUATIC SPECIES'],
  ['7009', '', 'X..10', 'FISHING GEAR TYPE'],
  ['7010', '', 'X..2', 'PROD METHOD'],
  ['7011', '', 'N6,yymmdd [N4],hhmm', 'TEST BY DATE'],
  ['7020', '', 'X..20', 'REFURB LOT'],
  ['7021', '', 'X..20', 'FUNC STAT'],
  ['7022', '', 'X..20', 'REV STAT'],
  ['7023', '', 'X..30', 'GIAI - ASSEMBLY'],
  ['710', '', 'X..20', 'NHRN PZN'],
  ['711', '', 'X..20', 'NHRN CIP'],
  ['712', '', 'X..20', 'NHRN CN'],
  ['713', '', 'X..20', 'NHRN DRN'],
  ['714', '', 'X..20', 'NHRN AIM'],
  ['715', '', 'X..20', 'NHRN NDC'],
  ['7230-7239', '', 'X2 X..28', 'CERT #'],
  ['7240', '', 'X..20', 'PROTOCOL'],
  ['8001', '', 'N4 N5 N3 N1 N1', 'DIMENSIONS'],
  ['8002', '', 'X..20', 'CMT No.'],
  ['8003', '', 'N1,zero N13,csum [X..16]', 'GRAI'],
  ['8004', '', 'X..30', 'GIAI'],
  ['8005', '', 'N6', 'PRICE PER UNIT'],
  ['8006', '', 'N14,csum N4', 'ITIP'],
  ['8007', '', 'X..34', 'IBAN'],
  ['8008', '', 'N8,yymmddhh [N..4]', 'PROD TIME'],
  ['8009', '', 'X..50', 'OPTSEN'],
  ['8011', '', 'N..12', 'CPID SERIAL'],
  ['8012', '', 'X..20', 'VERSION'],
  ['8017', '', 'N18,csum', 'GSRN - PROVIDER'],
  ['8018', '', 'N18,csum', 'GSRN - RECIPIENT'],
  ['8019', '', 'N..10', 'SRIN'],
  ['8020', '', 'X..25', 'REF No.'],
  ['8026', '', 'N14,csum N4', 'ITIP CONTENT'],
  ['8110', '', 'X..70', 'COUPON'],
  ['8111', '', 'N4', 'POINTS'],
  ['8112', '', 'X..70', 'PAPERLESS COUPON'],
  ['8200', '', 'X..70', 'PRODUCT URL'],
  ['90', '', 'X..30', 'INTERNAL'],
  ['91-99', '', 'X..90', 'INTERNAL'],
];

/**
 * GS1 Digital Link primary keys and the qualifier sequences allowed after them in the path
 * (GS1 Digital Link standard, section 4; "dlpkey" in the Syntax Dictionary). Only keys that are
 * in the table above are listed.
 */
export const DL_PRIMARY_KEYS: ReadonlyMap<string, readonly (readonly string[])[]> = new Map([
  ['00', []],
  ['01', [['22', '10', '21'], ['235']]],
  ['253', []],
  ['255', []],
  ['401', []],
  ['402', []],
  ['414', [['254'], ['7040']]],
  ['417', [['7040']]],
  ['8003', []],
  ['8004', [['7040']]],
  ['8006', [['22', '10', '21']]],
  ['8017', [['8019']]],
  ['8018', [['8019']]],
]);

function parseComponent(spec: string): AiComponent {
  const optional = spec.startsWith('[');
  const [typePart = '', ...checkNames] = spec.replace('[', '').replace(']', '').split(',');
  const charset = typePart.charAt(0) as AiCharset;
  const lengthSpec = typePart.slice(1);
  let min: number;
  let max: number;
  if (lengthSpec.startsWith('..')) {
    min = 1;
    max = Number(lengthSpec.slice(2));
  } else {
    min = max = Number(lengthSpec);
  }
  if (optional) min = 0;
  if (!(charset === 'N' || charset === 'X' || charset === 'Y') || !(max >= 1)) {
    throw new Error(`Bad AI component spec: ${spec}`);
  }
  return { charset, min, max, checks: checkNames as AiCheck[] };
}

function expandRange(ai: string): string[] {
  const dash = ai.indexOf('-');
  if (dash < 0) return [ai];
  const from = ai.slice(0, dash);
  const to = ai.slice(dash + 1);
  const out: string[] = [];
  for (let n = Number(from); n <= Number(to); n++) out.push(String(n).padStart(from.length, '0'));
  return out;
}

function buildTable(): Map<string, AiDefinition> {
  const table = new Map<string, AiDefinition>();
  for (const [range, flag, spec, title] of ROWS) {
    const components = spec.split(' ').map(parseComponent);
    let minLength = 0;
    let maxLength = 0;
    for (const c of components) {
      minLength += c.min;
      maxLength += c.max;
    }
    for (const ai of expandRange(range)) {
      table.set(ai, { ai, predefined: flag === '*', components, minLength, maxLength, title });
    }
  }
  return table;
}

export const AI_TABLE: ReadonlyMap<string, AiDefinition> = buildTable();

/**
 * AI length (2, 3 or 4) by its first two digits, indexed 0–99; 0 = no AI we know starts so.
 * GS1 allocates AIs so that the first two digits fix the length.
 */
export const AI_LENGTH_BY_PREFIX: Uint8Array = (() => {
  const lengths = new Uint8Array(100);
  for (const ai of AI_TABLE.keys()) {
    const prefix = Number(ai.slice(0, 2));
    const known = lengths[prefix] ?? 0;
    if (known !== 0 && known !== ai.length) throw new Error(`AI prefix ${prefix} has mixed lengths`);
    lengths[prefix] = ai.length;
  }
  return lengths;
})();
