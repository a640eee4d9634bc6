/**
 * What the requests service's HTTP routes answer, as documented rules (lib/replies.ts): the clock
 * every answer carries, the queue's line, the staff detail, the applicant's tracking view, the fee
 * quote and the statistics. contract.ts gives them to its actions; the tests check every answer.
 */
import { arr, BOOL, INT, json, literal, MAP, nullable, NUM, obj, oneOf, opt, STR } from "../../lib/replies.js";
import {
  ANSWER_ITEM_MARKS,
  ANSWER_TYPE_CODES,
  APPLICANT_KINDS,
  DELIVERY_METHODS,
  ID_TYPES,
  LAPSE_REASONS,
  PAUSE_TYPES,
  PROVISION_FORMS,
  RECEIPT_CHANNELS,
  REMEDY_KINDS,
  REMEDY_OUTCOMES,
  REQUEST_EVENT_KINDS,
  REQUEST_STATES,
} from "../../shared/requests.js";
import { ATTACHMENTS, PUBLIC_ATTACHMENTS } from "./contract-attachments.js";

const DAY = STR;
const STATE = oneOf(REQUEST_STATES);
const WARNING = [
  obj({ type: literal("due_soon"), dueBy: DAY, workingDaysLeft: INT }),
  obj({ type: literal("overdue"), dueBy: DAY, overdueBy: INT }),
];

const CLOCK_FIELDS = {
  status: STATE,
  submittedOn: nullable(DAY),
  receivedOn: nullable(DAY),
  countsFrom: nullable(DAY),
  dueBy: nullable(DAY),
  pausedDays: INT,
  extendedDays: INT,
  workingDaysUsed: INT,
  workingDaysLeft: nullable(INT),
  overdue: BOOL,
  overdueBy: INT,
  dueByProvisional: BOOL,
  pause: nullable(obj({ type: oneOf(PAUSE_TYPES), since: DAY, dueOn: nullable(DAY) })),
  lapse: nullable(obj({ reason: oneOf(LAPSE_REASONS), since: DAY })),
  warnings: arr(WARNING),
};

const OUTCOME = nullable(
  obj({
    type: oneOf(ANSWER_TYPE_CODES),
    label: STR,
    row: STR,
    on: DAY,
    via: oneOf(["answer", "lapse"]),
    late: BOOL,
  }),
);

const ITEM = obj({
  title: STR,
  result: obj({
    mark: oneOf(Object.keys(ANSWER_ITEM_MARKS)),
    where: opt(STR),
    withheld: opt(STR),
    ground: opt(oneOf(ANSWER_TYPE_CODES)),
  }),
});
const ANSWER = nullable(
  obj({ text: STR, items: arr(ITEM), feeYuan: nullable(INT), reviewOrgan: nullable(STR), court: nullable(STR) }),
);
const LETTER = nullable(obj({ verifyCode: STR, sha256: STR, issuedAt: STR }));
const CHANNEL = oneOf(RECEIPT_CHANNELS);

export const SUMMARY = obj({
  ...CLOCK_FIELDS,
  id: STR,
  trackingCode: STR,
  bodyId: STR,
  channel: CHANNEL,
  applicantKind: oneOf(APPLICANT_KINDS),
  applicant: STR,
  description: STR,
  outcome: OUTCOME,
  createdAt: STR,
});

const CONTACT = obj({ phone: opt(STR), email: opt(STR), address: opt(STR) });

const APPLICANT_FIELDS = {
  kind: oneOf(APPLICANT_KINDS),
  name: STR,
  idType: opt(oneOf(ID_TYPES)),
  idNumber: opt(STR),
  creditCode: opt(STR),
  contactPerson: opt(STR),
  contact: CONTACT,
};
export const APPLICANT_WHOLE = obj(APPLICANT_FIELDS);

export const TASK = obj({
  groupId: STR,
  bodyId: STR,
  raisedAt: STR,
  doneAt: nullable(STR),
  doneBy: nullable(STR),
  note: nullable(STR),
  requests: arr(
    obj({
      id: STR,
      trackingCode: STR,
      description: STR,
      receivedOn: nullable(DAY),
      outcomeType: nullable(oneOf(ANSWER_TYPE_CODES)),
    }),
  ),
});

const DETAIL = obj({
  ...CLOCK_FIELDS,
  id: STR,
  trackingCode: STR,
  bodyId: STR,
  bodyName: STR,
  channel: CHANNEL,
  applicant: APPLICANT_WHOLE,
  identityOpened: literal(false),
  description: STR,
  form: oneOf(PROVISION_FORMS),
  delivery: oneOf(DELIVERY_METHODS),
  correction: nullable(
    obj({
      allowedUntil: DAY,
      allowed: BOOL,
      requestedOn: nullable(DAY),
      dueOn: nullable(DAY),
      receivedOn: nullable(DAY),
      what: nullable(STR),
      text: nullable(STR),
    }),
  ),
  fee: nullable(
    obj({
      standard: oneOf(["items", "pages"]),
      quantity: INT,
      previousItems: INT,
      yuan: INT,
      noticedOn: DAY,
      dueOn: DAY,
      paidOn: nullable(DAY),
    }),
  ),
  answer: ANSWER,
  letter: LETTER,
  attachments: ATTACHMENTS,
  sameAs: nullable(STR),
  outcome: OUTCOME,
  archivedOn: nullable(DAY),
  allowedSteps: arr(oneOf(REQUEST_EVENT_KINDS)),
  trail: arr(
    obj({
      seq: INT,
      kind: STR,
      on: nullable(DAY),
      actor: STR,
      actorId: nullable(STR),
      at: STR,
      note: nullable(STR),
      event: nullable(MAP),
    }),
  ),
  remedies: arr(
    obj({
      id: STR,
      kind: oneOf(REMEDY_KINDS),
      filedOn: DAY,
      outcome: oneOf(REMEDY_OUTCOMES),
      decidedOn: nullable(DAY),
      note: nullable(STR),
      createdAt: STR,
      updatedAt: STR,
    }),
  ),
  createdAt: STR,
  updatedAt: STR,
});
export const DETAIL_REPLY = json(DETAIL);

export const TRACKED = obj({
  trackingCode: STR,
  bodyId: STR,
  bodyName: STR,
  status: STATE,
  submittedOn: nullable(DAY),
  receivedOn: nullable(DAY),
  dueBy: nullable(DAY),
  pausedDays: INT,
  extendedDays: INT,
  workingDaysLeft: nullable(INT),
  overdue: BOOL,
  overdueBy: INT,
  dueByProvisional: BOOL,
  description: STR,
  correction: nullable(obj({ requestedOn: DAY, dueOn: DAY, what: STR, receivedOn: nullable(DAY) })),
  fee: nullable(
    obj({ standard: oneOf(["items", "pages"]), quantity: INT, yuan: INT, dueOn: DAY, paidOn: nullable(DAY) }),
  ),
  outcome: OUTCOME,
  answer: ANSWER,
  letter: LETTER,
  attachments: PUBLIC_ATTACHMENTS,
  steps: arr(obj({ kind: oneOf(REQUEST_EVENT_KINDS), on: DAY })),
});

export const FEE_QUOTE = obj({
  standard: oneOf(["items", "pages"]),
  quantity: INT,
  yuan: INT,
  bands: arr(obj({ from: INT, to: INT, count: INT, unitYuan: INT, yuan: INT })),
});

export const STATS = [
  obj({ bodyId: STR, year: INT, enough: literal(false), minimum: INT }),
  obj({
    bodyId: STR,
    year: INT,
    enough: literal(true),
    minimum: INT,
    received: INT,
    answered: INT,
    byType: arr(obj({ type: oneOf(ANSWER_TYPE_CODES), count: INT })),
    overdue: INT,
    medianWorkingDays: nullable(NUM),
  }),
];
