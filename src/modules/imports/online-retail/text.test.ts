import { describe, it, expect } from 'vitest';
import { decodeField, normaliseSku, titleCase } from './text.js';
import { serviceCode } from './service-codes.js';

describe('titleCase', () => {
  it('turns catalogue upper case into readable titles', () => {
    expect(titleCase('WHITE HANGING HEART T-LIGHT HOLDER')).toBe('White Hanging Heart T-Light Holder');
    expect(titleCase('SET OF 3 CAKE TINS PANTRY DESIGN ')).toBe('Set of 3 Cake Tins Pantry Design');
    expect(titleCase("CHILDREN'S CIRCUS PARADE MUG")).toBe("Children's Circus Parade Mug");
    expect(titleCase('PINK/WHITE  ROSE   CUSHION')).toBe('Pink/White Rose Cushion');
    expect(titleCase('LETTER "D" BLING KEY RING')).toBe('Letter "D" Bling Key Ring');
    expect(titleCase('TRAY, BREAKFAST IN BED')).toBe('Tray, Breakfast in Bed');
    expect(titleCase('OF MICE AND MEN')).toBe('Of Mice and Men');
    expect(titleCase('RED TOADSTOOL LED NIGHT LIGHT')).toBe('Red Toadstool LED Night Light');
    expect(titleCase('3D SHEET OF DOG STICKERS')).toBe('3D Sheet of Dog Stickers');
    expect(titleCase("PAPER CHAIN KIT 50'S CHRISTMAS ")).toBe("Paper Chain Kit 50's Christmas");
  });

  it('keeps descriptions already in mixed case', () => {
    expect(titleCase('Dotcomgiftshop Gift Voucher £40.00')).toBe('Dotcomgiftshop Gift Voucher £40.00');
    expect(titleCase('amazon')).toBe('Amazon');
  });
});

describe('normaliseSku', () => {
  it('trims and upper-cases StockCodes', () => {
    expect(normaliseSku(' 85123a ')).toBe('85123A');
    expect(normaliseSku('BANK  CHARGES')).toBe('BANK CHARGES');
    expect(normaliseSku('gift_0001_40')).toBe('GIFT_0001_40');
  });
});

describe('decodeField', () => {
  it('decodes latin1-parsed bytes as UTF-8 when valid, else Windows-1252', () => {
    const utf8 = Buffer.from('Gift Voucher £40.00', 'utf8').toString('latin1');
    const cp1252 = Buffer.from([0x47, 0x69, 0x66, 0x74, 0x20, 0xa3, 0x34, 0x30]).toString('latin1');
    expect(decodeField(utf8)).toBe('Gift Voucher £40.00');
    expect(decodeField(cp1252)).toBe('Gift £40');
    expect(decodeField(Buffer.from([0x80]).toString('latin1'))).toBe('€');
    expect(decodeField('PLAIN ASCII')).toBe('PLAIN ASCII');
  });
});

describe('serviceCode', () => {
  it('recognises charges, adjustments and gift vouchers, and leaves products alone', () => {
    for (const code of ['POST', 'DOT', 'C2', 'M', 'D', 'S', 'B', 'CRUK', 'PADS', 'AMAZONFEE', 'BANK CHARGES', '23444']) {
      expect(serviceCode(code)?.code).toBe(code);
    }
    expect(serviceCode(normaliseSku('m'))?.kind).toBe('adjustment');
    expect(serviceCode('GIFT_0001_40')).toMatchObject({ kind: 'voucher', code: 'GIFT_0001_40' });
    for (const product of ['85123A', 'DCGS0076', 'DCGSSGIRL', '22423', 'POSTAGE']) expect(serviceCode(product)).toBeUndefined();
  });
});
