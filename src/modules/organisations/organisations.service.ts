import type { Db } from '../../platform/db/database.ts';
import { runCommand } from '../../platform/audit/command.ts';
import { requirePermission, type Actor } from '../../platform/auth/permissions.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import * as repo from './organisations.repo.ts';

export const ORG_TYPES = [
  'ubnd_tinh',
  'van_phong_ubnd',
  'so_nganh',
  'trung_tam_phvhcc',
  'ubnd_xa',
  'ubnd_huyen',
  'cong_an',
  'bao',
  'dai_phat_thanh',
  'buu_dien',
  'co_quan_trung_uong',
  'doan_the',
  'don_vi_su_nghiep',
  'khac',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export interface CreateInput {
  code: string;
  name: string;
  shortName?: string | null;
  type: string;
  parentId?: string | null;
  areaCode?: string | null;
  validFrom: string;
  note?: string | null;
}

export type OrganisationsService = ReturnType<typeof createOrganisationsService>;

/** Organisations: the units that own services, answer feedback and report on the plan. */
export function createOrganisationsService(db: Db) {
  async function mustGet(id: string, asOf = todayInVietnam()) {
    const o = await repo.getOrganisation(db, id, asOf);
    if (!o) throw new NotFoundError();
    return o;
  }

  function validateCreate(input: CreateInput) {
    const fields: Record<string, string> = {};
    if (!/^[A-Z0-9][A-Z0-9-]{1,39}$/.test(input.code)) fields.code = 'organisations.errors.code';
    if (!input.name || input.name.length > 200) fields.name = 'organisations.errors.name';
    if (!(ORG_TYPES as readonly string[]).includes(input.type)) fields.type = 'form.invalidChoice';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.validFrom)) fields.validFrom = 'form.invalidDate';
    if (input.areaCode && !/^\d{2,5}$/.test(input.areaCode)) fields.areaCode = 'organisations.errors.areaCode';
    if (Object.keys(fields).length) throw new ValidationError(fields);
  }

  return {
    list(actor: Actor, f: Partial<repo.ListFilter> & { page?: number }) {
      const page = Math.max(1, f.page ?? 1);
      const limit = f.limit ?? 50;
      return repo.listOrganisations(db, {
        asOf: f.asOf ?? todayInVietnam(),
        type: f.type,
        q: f.q,
        status: f.status ?? 'active',
        parentId: f.parentId,
        limit: limit + 1,
        offset: (page - 1) * limit,
      });
    },

    get: mustGet,

    async detail(id: string, asOf = todayInVietnam()) {
      const org = await mustGet(id, asOf);
      return { org, names: await repo.nameHistory(db, id), successions: await repo.successions(db, id, asOf) };
    },

    /** Name of an organisation as of a date: reports resolve names this way. */
    async nameAsOf(id: string, date: string): Promise<string> {
      return (await mustGet(id, date)).name;
    },

    findIdByCode: (code: string) => repo.findIdByCode(db, code),
    idsByCodes: (codes: string[]) => repo.idsByCodes(db, codes),
    countActive: (asOf = todayInVietnam()) => repo.countActive(db, asOf),

    /** Options for <select> lists of units in force today. */
    async options(types?: string[]) {
      const rows = await repo.listOrganisations(db, { asOf: todayInVietnam(), status: 'active', limit: 1000, offset: 0 });
      return rows.filter((r) => !types || types.includes(r.type)).map((r) => ({ value: r.id, label: r.name, code: r.code, type: r.type }));
    },

    async create(actor: Actor, input: CreateInput): Promise<string> {
      validateCreate(input);
      return runCommand(db, actor, 'organisations.create', async ({ tx, authorize, audit }) => {
        authorize('organisations.manage');
        if (await repo.codeExists(tx, input.code)) throw new ValidationError({ code: 'organisations.errors.codeTaken' });
        const id = await repo.insertOrganisation(tx, {
          code: input.code,
          type: input.type,
          parentId: input.parentId || null,
          areaCode: input.areaCode || null,
          validFrom: input.validFrom,
          validTo: null,
          note: input.note || null,
        });
        await repo.insertName(tx, id, input.name, input.shortName || null, input.validFrom);
        await audit({ entityType: 'organisation', entityId: id, orgId: id, after: input });
        return id;
      });
    },

    async rename(actor: Actor, input: { orgId: string; name: string; shortName?: string | null; effective: string }) {
      if (!input.name || input.name.length > 200) throw new ValidationError({ name: 'organisations.errors.name' });
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.effective)) throw new ValidationError({ effective: 'form.invalidDate' });
      return runCommand(db, actor, 'organisations.rename', async ({ tx, authorize, audit }) => {
        authorize('organisations.manage');
        const before = await repo.getOrganisation(tx, input.orgId, input.effective);
        if (!before) throw new NotFoundError();
        if (input.effective < before.validFrom) throw new ValidationError({ effective: 'organisations.errors.beforeStart' });
        await repo.renameFrom(tx, input.orgId, input.name, input.shortName || null, input.effective);
        await audit({ entityType: 'organisation', entityId: input.orgId, orgId: input.orgId, before: { name: before.name }, after: input });
      });
    },

    /** Retire a unit from a date; optionally name the unit that takes over its work. */
    async retire(actor: Actor, input: { orgId: string; validTo: string; successorId?: string | null; legalBasis?: string | null }) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.validTo)) throw new ValidationError({ validTo: 'form.invalidDate' });
      return runCommand(db, actor, 'organisations.retire', async ({ tx, authorize, audit }) => {
        authorize('organisations.manage');
        const before = await repo.getOrganisation(tx, input.orgId, input.validTo);
        if (!before) throw new NotFoundError();
        if (before.validTo) throw new ConflictError('organisations.errors.alreadyRetired');
        if (input.validTo < before.validFrom) throw new ValidationError({ validTo: 'organisations.errors.beforeStart' });
        await repo.setValidTo(tx, input.orgId, input.validTo);
        if (input.successorId) {
          if (input.successorId === input.orgId) throw new ValidationError({ successorId: 'organisations.errors.selfSuccessor' });
          await repo.addSuccession(tx, input.orgId, input.successorId, 'reorganisation', nextDay(input.validTo), input.legalBasis ?? null);
        }
        await audit({ entityType: 'organisation', entityId: input.orgId, orgId: input.orgId, before: { validTo: null }, after: input });
      });
    },

    /**
     * Merge units into a successor (an existing unit, or a new one created here). Each merged unit ends the
     * day before `effective` and gets a 'merge' link, so history and reports still resolve.
     */
    async merge(
      actor: Actor,
      input: { fromIds: string[]; intoId?: string | null; newUnit?: CreateInput | null; effective: string; legalBasis?: string | null },
    ): Promise<string> {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.effective)) throw new ValidationError({ effective: 'form.invalidDate' });
      const fromIds = [...new Set(input.fromIds.filter(Boolean))];
      if (fromIds.length === 0) throw new ValidationError({ fromIds: 'organisations.errors.mergeNeedsUnits' });
      if (!input.intoId && !input.newUnit) throw new ValidationError({ intoId: 'organisations.errors.mergeNeedsTarget' });
      if (input.newUnit) validateCreate({ ...input.newUnit, validFrom: input.effective });
      return runCommand(db, actor, 'organisations.merge', async ({ tx, authorize, audit }) => {
        authorize('organisations.manage');
        let intoId = input.intoId ?? null;
        if (!intoId && input.newUnit) {
          if (await repo.codeExists(tx, input.newUnit.code)) throw new ValidationError({ code: 'organisations.errors.codeTaken' });
          intoId = await repo.insertOrganisation(tx, {
            code: input.newUnit.code,
            type: input.newUnit.type,
            parentId: input.newUnit.parentId || null,
            areaCode: input.newUnit.areaCode || null,
            validFrom: input.effective,
            validTo: null,
            note: input.newUnit.note || null,
          });
          await repo.insertName(tx, intoId, input.newUnit.name, input.newUnit.shortName || null, input.effective);
        }
        if (fromIds.includes(intoId!)) throw new ValidationError({ intoId: 'organisations.errors.selfSuccessor' });
        const dayBefore = previousDay(input.effective);
        for (const id of fromIds) {
          const before = await repo.getOrganisation(tx, id, dayBefore);
          if (!before) throw new NotFoundError();
          if (before.validTo && before.validTo < dayBefore) throw new ConflictError('organisations.errors.alreadyRetired');
          await repo.setValidTo(tx, id, dayBefore);
          await repo.addSuccession(tx, id, intoId!, 'merge', input.effective, input.legalBasis ?? null);
        }
        await audit({ entityType: 'organisation', entityId: intoId, orgId: intoId, after: { ...input, intoId } });
        return intoId!;
      });
    },

    /** Used by staff pages to hide actions; services above still check. */
    assertCanManage(actor: Actor) {
      requirePermission(actor, 'organisations.manage');
    },
  };
}

function shiftDay(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
export const previousDay = (date: string) => shiftDay(date, -1);
export const nextDay = (date: string) => shiftDay(date, 1);
