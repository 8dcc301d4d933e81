import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEngine, createLowdbStore, type InboundEvent, type UserRef } from "../../src/index.js";
import { PII_LABELS } from "../../src/privacy/redact.js";
import { loadOrCreateSecret } from "../../src/privacy/secret.js";
import { realPack } from "../helpers/packs.js";
import { filesUnder } from "./process.js";

/** An inbound event before the user is filled in. */
type UserlessEvent = InboundEvent extends infer E ? (E extends InboundEvent ? Omit<E, "user"> : never) : never;

/** Values that must never reach the disk, each with the forms people type them in. */
const RAW = {
  cards: ["4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005", "9409123456789013"],
  residentNumbers: ["900101-1234568", "851231 2345673", "0002293123454", "201015-4123450"],
  passwords: ["hunter2", "Tr0ub4dor&3", "qwer1234!", "s3cr3tPass", "zx12cv34"],
  codes: ["482913", "771204", "5521"],
  accounts: ["110-123-456789", "1002-987-654321", "3333-01-7654321"],
  phones: ["010-9876-5432", "01055551234", "+82 10 2222 3333"],
  emails: ["kim.minji@example.com", "lee+bank@mail.example.co.kr"],
};

const MESSAGES = [
  `카드번호 ${RAW.cards[0]} 유출됐나요?`,
  `my card ${RAW.cards[1]} was charged, what now?`,
  `카드 ${RAW.cards[2]} 재발급 해야 하나요`,
  `${RAW.cards[3]} 이 카드 괜찮아요?`,
  `주민번호 ${RAW.residentNumbers[0]} 도 유출됐나요`,
  `제 주민등록번호는 ${RAW.residentNumbers[1]} 이에요`,
  `주민번호 ${RAW.residentNumbers[2]}`,
  `아이 번호 ${RAW.residentNumbers[3]} 괜찮나요`,
  `my password is ${RAW.passwords[0]}`,
  `my password for coupang is ${RAW.passwords[1]} should I change it?`,
  `비밀번호는 ${RAW.passwords[2]} 인데 바꿔야 하나요`,
  `비번 ${RAW.passwords[3]}`,
  `qpwoeirut 비밀번호를 ${RAW.passwords[4]}로 바꿨어요`,
  `인증번호 ${RAW.codes[0]} 알려줬어요`,
  `OTP${RAW.codes[1]}`,
  `my pin is ${RAW.codes[2]}`,
  `계좌 ${RAW.accounts[0]} 괜찮나요`,
  `${RAW.accounts[1]} 로 입금하래요`,
  `${RAW.accounts[2]} 카카오뱅크`,
  `${RAW.phones[0]} 에서 문자가 왔어요`,
  `qpwoeirut ${RAW.phones[1]}`,
  `call me ${RAW.phones[2]}`,
  `${RAW.emails[0]} 로 메일이 왔어요`,
  `qpwoeirut ${RAW.emails[1]}`,
];

describe("after a conversation full of personal data", () => {
  it("no file under the data folder holds any raw value, or a raw user id", async () => {
    const pack = await realPack();
    const data = await mkdtemp(join(tmpdir(), "afterleak-raw-"));
    try {
      const secret = await loadOrCreateSecret(data);
      const store = await createLowdbStore({ dir: join(data, "store"), shards: 8, flushMs: 10 });
      let now = Date.parse("2026-11-27T09:00:00.000Z");
      const engine = createEngine({ pack, store, secret, clock: () => new Date((now += 7_000)), settings: { handoffAvailable: () => true } });
      const users: UserRef[] = [
        { platform: "telegram", userId: "tg-user-918273", chat: "private" },
        { platform: "discord", userId: "dc-user-564738", chat: "group" },
        { platform: "web", userId: "web-user-102938", chat: "private" },
      ];
      let deleted = 0;
      for (const user of users) {
        const send = async (e: UserlessEvent) => {
          const { replies, actions } = await engine.handle({ ...e, user } as InboundEvent);
          deleted += actions.filter((a) => a.kind === "delete-inbound").length;
          const shown = JSON.stringify([replies, actions]);
          for (const v of Object.values(RAW).flat()) expect(shown).not.toContain(v);
        };
        await send({ kind: "start" });
        for (const text of MESSAGES) await send({ kind: "text", text });
        await send({ kind: "command", command: "human" });
      }
      expect(deleted).toBeGreaterThan(10);
      await store.close();

      const files = await filesUnder(data);
      expect(files.some((f) => f.endsWith(".jsonl"))).toBe(true);
      const stored = (await Promise.all(files.map((f) => readFile(f, "utf8")))).join("\n");
      const leaks = Object.values(RAW)
        .flat()
        .flatMap((v) => [v, v.replace(/\D/g, "").length >= 8 ? v.replace(/\D/g, "") : v])
        .filter((v) => stored.includes(v));
      expect(leaks).toEqual([]);
      for (const u of users) expect(stored).not.toContain(u.userId);
      // Unanswered questions are kept, redacted: the labels stand where the values were.
      expect(Object.values(PII_LABELS).filter((label) => stored.includes(label)).length).toBeGreaterThan(0);
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });
});
