import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validatePack } from '../../engine/packs/pack-validator.js';
import { checkPersonalFields, maskAddress, maskFields, maskPersonal, maskValue, personalFields, type JsonSchema } from '../../forms/index.js';
import { fixturePack } from '../support/fixture-pack.js';

const reception: JsonSchema = {
  type: 'object',
  properties: {
    title: { type: 'string', maxLength: 100 },
    constituentName: { type: 'string', maxLength: 50, 'x-personal': 'name' },
    constituentPhone: { type: 'string', maxLength: 11, 'x-personal': 'phone' },
    idNumber: { type: 'string', maxLength: 18, 'x-personal': 'id-number' },
    address: { type: 'string', maxLength: 200, 'x-personal': 'address' },
    visitors: {
      type: 'array',
      items: { type: 'object', properties: { name: { $ref: '#/$defs/personName' }, note: { type: 'string', maxLength: 100, 'x-personal': 'other' } } },
    },
  },
  // A field that only exists in one branch is still masked.
  if: { properties: { title: { const: 'x' } } },
  then: { properties: { relative: { type: 'string', maxLength: 50, 'x-personal': 'name' } } },
  $defs: { personName: { type: 'string', maxLength: 50, 'x-personal': 'name' } },
};

describe('personalFields', () => {
  it('lists the pointers (with * for lists) and kinds of x-personal fields, wherever declared', () => {
    const byPointer = personalFields(reception).sort((a, b) => a.pointer.localeCompare(b.pointer));
    expect(byPointer).toEqual([
      { pointer: '/address', kind: 'address' },
      { pointer: '/constituentName', kind: 'name' },
      { pointer: '/constituentPhone', kind: 'phone' },
      { pointer: '/idNumber', kind: 'id-number' },
      { pointer: '/relative', kind: 'name' },
      { pointer: '/visitors/*/name', kind: 'name' },
      { pointer: '/visitors/*/note', kind: 'other' },
    ]);
  });

  it('refuses an unknown kind at publish, and masks it as "other" meanwhile', () => {
    const schema = { type: 'object', properties: { pet: { type: 'string', maxLength: 20, 'x-personal': 'pet-name' } } };
    const [problem] = checkPersonalFields(schema);
    expect(problem.pointer).toBe('/properties/pet/x-personal');
    expect(problem.message['zh-CN']).toContain('未知的个人信息类型“pet-name”');
    expect(personalFields(schema)).toEqual([{ pointer: '/pet', kind: 'other' }]);

    const files = fixturePack().map((f) => {
      if (f.path !== 'forms/decision.json') return f;
      const form = JSON.parse(f.text);
      form.schema.properties.note['x-personal'] = 'secret';
      return { ...f, text: JSON.stringify(form) };
    });
    expect(validatePack(files).problems).toMatchObject([{ file: 'forms/decision.json', pointer: '/schema/properties/note/x-personal' }]);
  });
});

describe('masking rules', () => {
  it('name: the first character and **', () => {
    expect(maskValue('name', '张三')).toBe('张**');
    expect(maskValue('name', '欧阳修')).toBe('欧**');
    expect(maskValue('name', '𠮷野家')).toBe('𠮷**'); // a character outside the BMP stays whole
  });

  it('phone: the first 3 and last 4 digits', () => {
    expect(maskValue('phone', '13812341234')).toBe('138****1234');
    expect(maskValue('phone', '138-1234-5678')).toBe('138****5678');
    expect(maskValue('phone', '1234567')).toBe('***'); // too short to keep 7 digits
  });

  it('id-number: the first 6 and last 4, asterisks between', () => {
    expect(maskValue('id-number', '44532219900101123X')).toBe('445322********123X');
    expect(maskValue('id-number', '12345')).toBe('***');
  });

  it('address: up to the first administrative unit', () => {
    expect(maskValue('address', '郁南县都城镇xx路1号')).toBe('郁南县******');
    expect(maskAddress('广东省云浮市郁南县都城镇')).toBe('广东省******');
    expect(maskAddress('池州市贵池区秋浦西路')).toBe('池州市******');
    expect(maskAddress('都城镇东门村3号')).toBe('都城镇******');
    expect(maskAddress('幸福小区3栋201')).toBe('***'); // 小区 is not an administrative unit
    expect(maskAddress('人民路18号')).toBe('***');
  });

  it('other, and values that are not text: ***', () => {
    expect(maskValue('other', '任何内容')).toBe('***');
    expect(maskValue('name', { first: '张' })).toBe('***');
  });
});

describe('maskPersonal', () => {
  const data = {
    title: '路灯不亮',
    constituentName: '张三',
    constituentPhone: '13812341234',
    idNumber: '445322199001011234',
    address: '郁南县都城镇xx路1号',
    visitors: [{ name: '欧阳修', note: '腿脚不便' }, { name: '李四' }],
    relative: '王五',
  };

  it('returns a copy with every personal value masked, inside lists too', () => {
    const masked = maskPersonal(reception, data);
    expect(masked).toEqual({
      title: '路灯不亮',
      constituentName: '张**',
      constituentPhone: '138****1234',
      idNumber: '445322********1234',
      address: '郁南县******',
      visitors: [{ name: '欧**', note: '***' }, { name: '李**' }],
      relative: '王**',
    });
    expect(data.constituentName).toBe('张三'); // the input is untouched
  });

  it('never reveals more than the kept characters (property)', () => {
    const visible = (masked: string) => masked.replace(/\*/g, '');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), (text) => {
        const chars = Array.from(text);
        // name: the first character only.
        expect(maskValue('name', text)).toBe(`${chars[0]}**`);
        // address: nothing, or a prefix of at most 12 characters.
        const address = maskAddress(text);
        if (address !== '***') {
          expect(address.endsWith('******')).toBe(true);
          const kept = address.slice(0, -6);
          expect(text.startsWith(kept)).toBe(true);
          expect(Array.from(kept).length).toBeLessThanOrEqual(12);
        }
        // other: nothing.
        expect(visible(maskValue('other', text))).toBe('');
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{11,20}$/), (digits) => {
        expect(maskValue('phone', digits)).toBe(`${digits.slice(0, 3)}****${digits.slice(-4)}`);
        const id = maskValue('id-number', digits);
        if (digits.length > 11) {
          expect(visible(id)).toBe(digits.slice(0, 6) + digits.slice(-4));
          expect(id.length).toBe(digits.length);
        } else expect(id).toBe('***');
      }),
    );
  });
});

describe('maskFields', () => {
  it('masks by the personal fields of several forms, a field two forms declare only once', () => {
    const intake: JsonSchema = { type: 'object', properties: { phone: { type: 'string', maxLength: 11, 'x-personal': 'phone' } } };
    const followUp: JsonSchema = { type: 'object', properties: { phone: { type: 'string', maxLength: 11, 'x-personal': 'phone' }, name: { type: 'string', maxLength: 20, 'x-personal': 'name' } } };
    const data = { phone: '13812341234', name: '欧阳修远', note: '回访' };
    const masked = maskFields([...personalFields(intake), ...personalFields(followUp)], data);
    expect(masked).toEqual({ phone: '138****1234', name: '欧**', note: '回访' }); // masked twice, the phone would be ***
    expect(data.name).toBe('欧阳修远'); // the input is not changed
  });
});
