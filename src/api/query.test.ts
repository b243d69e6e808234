import { describe, expect, it } from 'vitest';
import { serializeQuery } from './query';

describe('serializeQuery (ASP.NET Core binding)', () => {
  it('repeats keys for arrays, keeps dotted names, drops absent values', () => {
    const q = serializeQuery({
      Status: ['PENDING', 'IN_PROGRESS'],
      'UpdatedAt.After': '2025-03-01T12:00:00.000Z',
      IncludeDetails: ['Params'],
      ChannelId: undefined,
      UserId: null,
      TagsId: [],
      ApprovedOnly: true,
      PageNumber: 2,
    });
    expect(q).toBe(
      'Status=PENDING&Status=IN_PROGRESS&UpdatedAt.After=2025-03-01T12%3A00%3A00.000Z&IncludeDetails=Params&ApprovedOnly=true&PageNumber=2',
    );
    expect(q).not.toContain('[');
  });

  it('writes dates as ISO UTC and escapes + so an offset is not read as a space', () => {
    expect(serializeQuery({ 'CreatedAt.After': new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) })).toBe(
      'CreatedAt.After=2025-01-02T03%3A04%3A05.000Z',
    );
    const params = new URLSearchParams(serializeQuery({ 'UpdatedAt.After': '2025-01-02T03:04:05+03:00' }));
    expect(params.get('UpdatedAt.After')).toBe('2025-01-02T03:04:05+03:00');
  });

  it('round-trips through a standard parser with repeated keys', () => {
    const params = new URLSearchParams(serializeQuery({ Status: ['A', 'B', 'C'], q: 'João & Maria' }));
    expect(params.getAll('Status')).toEqual(['A', 'B', 'C']);
    expect(params.get('q')).toBe('João & Maria');
  });
});
