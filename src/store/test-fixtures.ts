/** Small DTO builders for the store's tests. */
import type { ContactDTO, SessionDTO } from '../api/helena-dto';

let counter = 0;
export function uuid(n = ++counter): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export function contactDto(overrides: Partial<ContactDTO> & { name: string | null }): ContactDTO {
  return {
    id: uuid(),
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    phoneNumber: null,
    email: null,
    tagIds: [],
    tagNames: [],
    status: 'ACTIVE',
    origin: 'CREATED_BY_USER',
    customFields: {},
    ...overrides,
  };
}

/** A session as HelenaCRM lists it: in progress, nobody's yet, its window not started. */
export function sessionDto(overrides: Partial<SessionDTO> & { id: string }): SessionDTO {
  return {
    createdAt: '2025-01-01T10:00:00.000Z',
    updatedAt: '2025-01-01T10:00:00.000Z',
    status: 'IN_PROGRESS',
    contactId: null,
    channelId: '20000000-0000-4000-8000-000000000001',
    departmentId: null,
    userId: null,
    unreadCount: 0,
    lastMessageText: null,
    lastMessageOut: null,
    lastMessageIn: null,
    windowStatus: 'NOT_STARTED',
    channelType: 'CLOUDAPI_WHATSAPP',
    ...overrides,
  };
}
