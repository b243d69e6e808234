/** How lenient the session schema is with what HelenaCRM embeds: a stand-in never costs a page. */
import { describe, expect, it } from 'vitest';
import { SessionPage } from './helena-dto';
import { sessionDto } from '../store/test-fixtures';

const page = (items: unknown[]) => ({ pageNumber: 1, pageSize: 100, orderBy: 'updatedAt', orderDirection: 'DESCENDING', totalItems: items.length, totalPages: 1, hasMorePages: false, items });

describe('SessionDTO.contactDetails', () => {
  const id = '00000000-0000-4000-8000-0000000000a1';

  it('reads the embedded contact, and a session without it', () => {
    const parsed = SessionPage.parse(page([sessionDto({ id, contactDetails: { name: 'Zuleica Barros', phonenumber: '+5562984455667', status: 'UNDEFINED' } }), sessionDto({ id })]));
    expect(parsed.items.map((s) => s.contactDetails)).toEqual([{ name: 'Zuleica Barros', phonenumber: '+5562984455667', status: 'UNDEFINED' }, undefined]);
  });

  it('drops one it cannot read rather than fail the page of conversations', () => {
    const parsed = SessionPage.parse(page([{ ...sessionDto({ id }), contactDetails: { id: 'contato-1', name: 42 } }, { ...sessionDto({ id }), contactDetails: 'ContactDetails' }]));
    expect(parsed.items.map((s) => s.contactDetails)).toEqual([null, null]);
  });
});
