/**
 * The optional questionnaires of a check-in, with their published item wordings and answer
 * options. Answers are sent item by item, in this order, as the values below; the server
 * validates and scores them (api/services/instruments.py: PHQ-9 9×0–3, GAD-7 7×0–3,
 * WHO-5 5×0–5, BARC-10 10×1–6).
 *
 * Sources:
 * - PHQ-9: Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression
 *   severity measure. J Gen Intern Med 2001;16(9):606–613. Developed by Drs Robert L. Spitzer,
 *   Janet B.W. Williams, Kurt Kroenke and colleagues with an educational grant from Pfizer Inc.
 *   No permission is required to reproduce, translate, display or distribute it. The unscored
 *   tenth question ("how difficult have these problems made it…") is left out.
 * - GAD-7: Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing
 *   generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092–1097. Same terms.
 * - WHO-5: WHO (Five) Well-Being Index, 1998 version. WHO Regional Office for Europe /
 *   Psychiatric Research Unit, Mental Health Centre North Zealand; Topp CW et al., Psychother
 *   Psychosom 2015;84:167–176. Free to use.
 * - BARC-10: Vilsaint CL, Kelly JF, Bergman BG, Groshkova T, Best D, White W. Development and
 *   validation of a Brief Assessment of Recovery Capital (BARC-10) for alcohol and drug use
 *   disorder. Drug Alcohol Depend 2017;177:71–76. Six-point agreement scale, 1 (strongly
 *   disagree) to 6 (strongly agree). Free to use for research and care.
 */

export type InstrumentKey = "phq9" | "gad7" | "who5" | "barc10";

export interface AnswerOption {
  value: number;
  label: string;
}

export interface Instrument {
  key: InstrumentKey;
  /** The published name, e.g. "PHQ-9". */
  name: string;
  /** What it asks about, in plain words, for the offer screen. */
  about: string;
  /** The published instruction shown above every item. */
  stem: string;
  items: readonly string[];
  options: readonly AnswerOption[];
  /** The lowest and highest answer value the API accepts per item. */
  low: number;
  high: number;
  /** Score range, as the API reports the total (WHO-5 as its 0–100 index). */
  scoreMin: number;
  scoreMax: number;
  /** "Higher is better" (WHO-5, BARC-10) or "lower is better" (PHQ-9, GAD-7), for the summary. */
  higherIsBetter: boolean;
  source: string;
}

const FREQUENCY: readonly AnswerOption[] = [
  { value: 0, label: "Not at all" },
  { value: 1, label: "Several days" },
  { value: 2, label: "More than half the days" },
  { value: 3, label: "Nearly every day" },
];

export const PHQ9: Instrument = {
  key: "phq9",
  name: "PHQ-9",
  about: "9 questions about your mood over the last 2 weeks. About 2 minutes.",
  stem: "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
  items: [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
  ],
  options: FREQUENCY,
  low: 0,
  high: 3,
  scoreMin: 0,
  scoreMax: 27,
  higherIsBetter: false,
  source: "Patient Health Questionnaire (PHQ-9), Kroenke, Spitzer & Williams, 2001.",
};

export const GAD7: Instrument = {
  key: "gad7",
  name: "GAD-7",
  about: "7 questions about worry and anxiety over the last 2 weeks. About 2 minutes.",
  stem: "Over the last 2 weeks, how often have you been bothered by the following problems?",
  items: [
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid, as if something awful might happen",
  ],
  options: FREQUENCY,
  low: 0,
  high: 3,
  scoreMin: 0,
  scoreMax: 21,
  higherIsBetter: false,
  source: "Generalized Anxiety Disorder 7 (GAD-7), Spitzer, Kroenke, Williams & Löwe, 2006.",
};

export const WHO5: Instrument = {
  key: "who5",
  name: "WHO-5",
  about: "5 questions about your wellbeing over the last 2 weeks. About a minute.",
  stem: "Please indicate for each of the five statements which is closest to how you have been feeling over the last two weeks.",
  items: [
    "I have felt cheerful and in good spirits",
    "I have felt calm and relaxed",
    "I have felt active and vigorous",
    "I woke up feeling fresh and rested",
    "My daily life has been filled with things that interest me",
  ],
  options: [
    { value: 5, label: "All of the time" },
    { value: 4, label: "Most of the time" },
    { value: 3, label: "More than half of the time" },
    { value: 2, label: "Less than half of the time" },
    { value: 1, label: "Some of the time" },
    { value: 0, label: "At no time" },
  ],
  low: 0,
  high: 5,
  scoreMin: 0,
  scoreMax: 100,
  higherIsBetter: true,
  source: "WHO-5 Well-Being Index, World Health Organization, 1998 version.",
};

export const BARC10: Instrument = {
  key: "barc10",
  name: "BARC-10",
  about: "10 statements about the strengths and support in your recovery. About 2 minutes.",
  stem: "How much do you agree or disagree with each statement?",
  items: [
    "There are more important things to me in life than using substances.",
    "In general I am happy with my life.",
    "I have enough energy to complete the tasks I set myself.",
    "I am proud of the community I live in and feel a part of it.",
    "I get lots of support from friends.",
    "I regard my life as challenging and fulfilling without the need for using drugs or alcohol.",
    "My living space has helped to drive my recovery journey.",
    "I take full responsibility for my actions.",
    "I am happy dealing with a range of professional people.",
    "I am making good progress on my recovery journey.",
  ],
  options: [
    { value: 1, label: "Strongly disagree" },
    { value: 2, label: "Disagree" },
    { value: 3, label: "Somewhat disagree" },
    { value: 4, label: "Somewhat agree" },
    { value: 5, label: "Agree" },
    { value: 6, label: "Strongly agree" },
  ],
  low: 1,
  high: 6,
  scoreMin: 10,
  scoreMax: 60,
  higherIsBetter: true,
  source: "Brief Assessment of Recovery Capital (BARC-10), Vilsaint et al., 2017.",
};

/** In the order a check-in offers them. */
export const INSTRUMENTS: readonly Instrument[] = [PHQ9, GAD7, WHO5, BARC10];

export const INSTRUMENTS_BY_KEY: Record<InstrumentKey, Instrument> = {
  phq9: PHQ9,
  gad7: GAD7,
  who5: WHO5,
  barc10: BARC10,
};

/** PHQ-9 item 9 (index 8): any answer above 0 is a reason to offer help straight away. */
export const PHQ9_SELF_HARM_ITEM = 8;

/** Answers in progress: one slot per item, null until answered. */
export type Answers = (number | null)[];

export function emptyAnswers(instrument: Instrument): Answers {
  return instrument.items.map(() => null);
}

/** True when every item has an answer the API accepts. */
export function isComplete(instrument: Instrument, answers: Answers): answers is number[] {
  return (
    answers.length === instrument.items.length &&
    answers.every((answer) => answer !== null && answer >= instrument.low && answer <= instrument.high)
  );
}
