import { describe, expect, it } from 'vitest';
import { hasPoppler, pdfInfo, pdfText, POPPLER_MISSING } from '../../../tests/helpers/pdf';
import { DocumentInputError, renderWorkOrder, renderWorkOrderSupplierCopy, type WorkOrderDocumentInput } from './index';

if (!hasPoppler) console.warn(`Arbetsordertestet hoppas över: ${POPPLER_MISSING}`);

const common = {
  issuer: { name: 'Hjälpmedelscentralen Exempelby', addressLines: [] },
  store: { id: '50301', name: 'Buffertlager Exempelby kommun', addressLines: [] },
  activityNo: '26490002',
  provisionalNo: 'P50301-1A2B-0003',
  kind: 'Specialanpassning',
  priority: 'Normal',
  status: 'Återrapporterad',
  registeredAt: '2026-12-02T16:15:00Z',
  registeredBy: 'Lena Tekniker',
  title: 'Specialanpassad sits',
  requestedAction: 'Bygg om sitsen enligt anvisningen: formgjuten, höger sida 3 cm högre.',
  aid: { articleNo: '40025', name: 'Sittdyna Roho bred', individualNo: '100016', serialNo: 'RH-2291' },
  orderNo: null,
  contactPrescriber: true,
  attachments: ['Anvisning vid specialanpassning.pdf', 'ritning.png'],
  reports: [{ at: '2026-12-03T09:00:00Z', by: 'Hjälpmedelscentralen', text: 'Väntar på delar', minutes: 15, parts: null, closed: false }],
  printedBy: 'Lena Tekniker',
  printedAt: '2026-12-03T10:30:00Z',
};
const full: WorkOrderDocumentInput = {
  ...common,
  recipient: { name: 'Erik Eriksson', idLine: '19400101-1234', kindText: 'patient' },
  address: { typeText: 'mottagarens adress', lines: ['Tallstigen 70', '933 09 Exempelby'] },
  description: 'Ring Erik innan, portkod 1234.',
};

describe.skipIf(!hasPoppler)('the work order PDF (arbetsorder)', () => {
  it('has what the technician needs: number, type, aid and individual, recipient and address, the requested action, files, reports, room to write', () => {
    const pdf = renderWorkOrder(full);
    expect(pdfInfo(pdf).sizesMm).toEqual([{ width: 210, height: 297 }]);
    const text = pdfText(pdf);
    expect(text).toMatch(/Arbetsorder/);
    expect(text).toMatch(/Aktivitetsnr\s+26490002/);
    expect(text).toMatch(/Preliminärt nr\s+P50301-1A2B-0003/);
    expect(text).toMatch(/Typ\s+Specialanpassning/);
    expect(text).toMatch(/Status\s+Återrapporterad/);
    expect(text).toContain('Erik Eriksson');
    expect(text).toContain('19400101-1234');
    expect(text).toContain('Tallstigen 70');
    expect(text).toContain('Förskrivare ska kontaktas (smitta)');
    expect(text).toContain('40025 Sittdyna Roho bred');
    expect(text).toContain('Individ 100016');
    expect(text).toContain('höger sida 3 cm högre');
    expect(text).toContain('portkod 1234');
    expect(text).toContain('Anvisning vid specialanpassning.pdf · ritning.png');
    expect(text).toMatch(/Väntar på delar\s+15 min/);
    expect(text).toContain('UTFÖRT (FYLLS I AV TEKNIKERN)');
    expect(text).toContain('Signatur');
  });

  it('the supplier copy has no personal data of the recipient (no name, personal number, address or free description)', () => {
    const text = pdfText(renderWorkOrderSupplierCopy(common));
    expect(text).toContain('Leverantörskopia – utan personuppgifter');
    expect(text).toContain('Individ 100016');
    expect(text).toContain('höger sida 3 cm högre');
    for (const personal of ['Erik', '19400101', 'Tallstigen', '933 09', 'portkod']) expect(text).not.toContain(personal);
    // Its input has no field for them: they cannot be passed by mistake.
    expect(() => renderWorkOrderSupplierCopy(full as never)).toThrow(DocumentInputError);
  });

  it('refuses bad input with a Swedish message, and makes no file', () => {
    expect(() => renderWorkOrder({ ...full, requestedAction: '' })).toThrow('Efterfrågad åtgärd saknas.');
    expect(() => renderWorkOrder({ ...full, title: 'x'.repeat(71) })).toThrow('Benämningen får vara högst 70 tecken.');
  });
});
