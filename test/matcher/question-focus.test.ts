import { describe, expect, it } from "vitest";
import { createMatcher } from "../../src/matcher/matcher.js";
import { questionFocus } from "../../src/matcher/question-focus.js";

describe("questionFocus", () => {
  it.each([
    [
      "we shop there every week and my mum got a letter about it last month. anyway, how do i check if my account was affected?",
      "how do i check if my account was affected?",
    ],
    [
      "i called the customer centre yesterday, waited forty minutes and the agent read a script. is there any way i can get money back for the stress?",
      "is there any way i can get money back for the stress?",
    ],
    ["this is ridiculous, i trusted them with everything for years, has anyone in the government started looking into them?", "has anyone in the government started looking into them?"],
    // A vague question widens to the sentence before it.
    ["my grandmother got a call from a man who said he was from the bank. he asked her to move her savings. what now?", "he asked her to move her savings. what now?"],
    // Short messages, Korean and messages that are all question: no focus.
    ["was my card leaked?", null],
    ["너무 화나요 몇 달 동안 아무도 안 알려줬어요 그래서 보상은 해주나요? 정말 궁금합니다 알려주세요 제발요 부탁해요", null],
    ["could you kindly advise which steps would be prudent for a customer in my position following the recent incident?", null],
  ])("%j -> %j", (text, focus) => {
    expect(questionFocus(text)).toBe(focus);
  });
});

describe("question focus in the matcher", () => {
  const m = createMatcher(
    {
      topics: [
        { id: "money", phrases: ["will i get money back", "is there compensation", "do we get paid for this"] },
        { id: "person", phrases: ["i want to talk to an agent", "connect me to the customer centre", "waited on the phone for an agent"] },
      ],
      outOfScope: ["what's the weather", "tell me a joke", "recipe for soup"],
    },
    {},
    { epochs: 30 },
  );
  it("ranks the topic of the question over the topic of the story", () => {
    // Without the focus the story's words win ("person", 0.75).
    const story = "i called the customer centre yesterday and waited for an agent on the phone for ages, the agent was rude and i want to talk to a real agent. anyway, will i get money back?";
    expect(m.classify(story).topic).toBe("money");
  });
});
