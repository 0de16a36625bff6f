import { useId, useState, type FormEvent } from "react";
import { useFocusOnMount } from "./components/useFocusOnMount";
import { PHQ9_SELF_HARM_ITEM, emptyAnswers, isComplete, type Answers, type Instrument } from "./instruments";

interface QuestionnaireProps {
  instrument: Instrument;
  /** Answers given earlier (going back keeps them). */
  initial?: Answers;
  /** Every item answered: the answers in item order. */
  onFinish: (answers: number[]) => void;
  /** Back from the first question. */
  onBack: () => void;
  /** Leave this questionnaire out. */
  onSkip: () => void;
  /** Called on every answer, so the page can keep answers and react (e.g. offer help). */
  onChange?: (answers: Answers) => void;
}

/** True when an answer on this screen suggests thoughts of self-harm (PHQ-9 item 9 above 0). */
export function suggestsSelfHarm(instrument: Instrument, answers: Answers): boolean {
  return instrument.key === "phq9" && (answers[PHQ9_SELF_HARM_ITEM] ?? 0) > 0;
}

/**
 * One questionnaire, one item per screen: the published instruction, the item, its answer
 * options as radio buttons, Back and Next, and "Question 3 of 9".
 */
export function Questionnaire({ instrument, initial, onFinish, onBack, onSkip, onChange }: QuestionnaireProps) {
  const [index, setIndex] = useState(0);
  const [answers, setAnswers] = useState<Answers>(() =>
    initial && initial.length === instrument.items.length ? [...initial] : emptyAnswers(instrument),
  );
  const [missing, setMissing] = useState(false);
  const focusRef = useFocusOnMount<HTMLParagraphElement>(index);
  const baseId = useId();
  const total = instrument.items.length;
  const last = index === total - 1;
  const current = answers[index] ?? null;
  const errorId = `${baseId}-error`;

  function choose(value: number) {
    const next = answers.map((answer, position) => (position === index ? value : answer));
    setAnswers(next);
    setMissing(false);
    onChange?.(next);
  }

  function goNext(event: FormEvent) {
    event.preventDefault();
    if (current === null) {
      setMissing(true);
      return;
    }
    if (!last) {
      setIndex(index + 1);
      return;
    }
    if (isComplete(instrument, answers)) {
      onFinish(answers);
    } else {
      // An earlier item was left empty: take the member back to it.
      setIndex(answers.findIndex((answer) => answer === null));
      setMissing(true);
    }
  }

  function goBack() {
    setMissing(false);
    if (index === 0) onBack();
    else setIndex(index - 1);
  }

  return (
    <form className="form question" onSubmit={goNext} noValidate aria-label={`${instrument.name} questionnaire`}>
      <p className="question__progress" ref={focusRef} tabIndex={-1}>
        {instrument.name}: Question {index + 1} of {total}
      </p>
      <progress max={total} value={index + 1} aria-hidden="true" />
      <p className="question__stem">{instrument.stem}</p>
      <fieldset
        key={index}
        className={missing ? "field field--invalid" : "field"}
        aria-describedby={missing ? errorId : undefined}
      >
        <legend>{instrument.items[index]}</legend>
        {missing ? (
          <p className="field__errors" id={errorId} role="alert">
            Choose the answer closest to how things have been, or skip this questionnaire.
          </p>
        ) : null}
        <div className="choice-list">
          {instrument.options.map((option) => (
            <label key={option.value} className="check check--boxed">
              <input
                type="radio"
                name={`${baseId}-${instrument.key}-item${index + 1}`}
                value={option.value}
                checked={current === option.value}
                onChange={() => choose(option.value)}
              />
              {option.label}
            </label>
          ))}
        </div>
      </fieldset>
      {suggestsSelfHarm(instrument, answers) && index === PHQ9_SELF_HARM_ITEM ? (
        <div className="support-note">
          <p>
            <strong>Thank you for answering honestly.</strong> If you're having thoughts like these, you don't have to
            wait until you've finished: people are ready to listen right now.
          </p>
          <p>
            <a href="/help" target="_blank" rel="noopener">
              See who you can call or text now (opens in a new tab, your answers stay here)
            </a>
          </p>
        </div>
      ) : null}
      <div className="form__actions">
        <button type="button" className="button button--quiet" onClick={goBack}>
          Back
        </button>
        <button type="submit" className="button">
          {last ? "Finish" : "Next"}
        </button>
      </div>
      <p className="form__aside">
        <button type="button" className="button button--quiet button--small" onClick={onSkip}>
          Skip the {instrument.name}
        </button>
      </p>
    </form>
  );
}
