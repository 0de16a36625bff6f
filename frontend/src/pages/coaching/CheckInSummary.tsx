import { Link } from "react-router";
import { CrisisLineCard } from "../crisis/CrisisLineCard";
import { dialable } from "../crisis/region";
import { useFocusOnMount } from "./components/useFocusOnMount";
import { INSTRUMENTS } from "./instruments";
import { bandLabel } from "./labels";
import { crisisOf, scoreOf, type CheckInResult, type CrisisResources } from "./queries";
import { HelpLink } from "../crisis/HelpLink";

export interface ScoreRow {
  name: string;
  total: number;
  range: string;
  band: string;
  direction: string;
}

/** The scored questionnaires of a check-in, in the order they were offered. */
export function scoreRows(result: Pick<CheckInResult, "scores">): ScoreRow[] {
  return INSTRUMENTS.flatMap((instrument) => {
    const score = scoreOf(result.scores[instrument.key]);
    if (!score) return [];
    return [
      {
        name: instrument.name,
        total: score.total,
        range: `${instrument.scoreMin} to ${instrument.scoreMax}`,
        band: bandLabel(score.band),
        direction: instrument.higherIsBetter ? "Higher means more wellbeing or support." : "Lower means fewer difficulties.",
      },
    ];
  });
}

function CrisisFirst({ resources }: { resources: CrisisResources | null }) {
  const focusRef = useFocusOnMount<HTMLHeadingElement>();
  const emergency = resources?.emergency_number;
  return (
    <section className="card card--emergency crisis-first" aria-labelledby="support-heading">
      <h2 id="support-heading" ref={focusRef} tabIndex={-1}>
        You don't have to go through this alone
      </h2>
      <p>
        Thank you for being honest about how things are. What you're feeling matters, and there are people ready to
        listen right now, free and in confidence.
      </p>
      {emergency ? (
        <>
          <p>
            If you might act on these thoughts, or you're in danger, please call <strong>{emergency}</strong> now.
          </p>
          <p>
            <a className="button button--emergency" href={`tel:${dialable(emergency)}`}>
              Call {emergency}
            </a>
          </p>
        </>
      ) : (
        <p>If you might act on these thoughts, or you're in danger, please call your local emergency number now.</p>
      )}
      {resources?.lines.length ? (
        <>
          <h3>Someone to talk to now</h3>
          <ul className="crisis-lines">
            {resources.lines.map((line) => (
              <CrisisLineCard key={`${line.region}-${line.name}`} line={line} />
            ))}
          </ul>
        </>
      ) : null}
      <p>
        {resources?.directory ? (
          <>
            Somewhere else? <a href={resources.directory.url} rel="noreferrer">{resources.directory.name}</a> lists free
            helplines in many more countries.{" "}
          </>
        ) : null}
        <HelpLink region={resources?.region}>More helplines and ways to reach someone</HelpLink>
      </p>
      <p>If you have a coach on Peerway, we've let them know, so they can reach out when they can.</p>
    </section>
  );
}

/** After a check-in: crisis lines first when it signalled risk, then a calm summary with scores. */
export function CheckInSummary({ result, planId }: { result: CheckInResult; planId: string }) {
  const crisis = crisisOf(result);
  const rows = scoreRows(result);
  const focusRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <>
      {result.risk_flag ? <CrisisFirst resources={crisis} /> : null}
      <section className="card" aria-labelledby="summary-heading">
        <h2 id="summary-heading" ref={result.risk_flag ? undefined : focusRef} tabIndex={-1}>
          Your check-in is saved
        </h2>
        <p>Thank you for taking a moment for yourself.</p>
        <dl className="facts facts--wide">
          <div>
            <dt>Mood</dt>
            <dd>{result.mood} out of 10</dd>
          </div>
          <div>
            <dt>Cravings</dt>
            <dd>{result.craving} out of 10</dd>
          </div>
          {result.note ? (
            <div>
              <dt>Your note</dt>
              <dd>{result.note_shared ? "Shared with your coach" : "Private to you"}</dd>
            </div>
          ) : null}
        </dl>
        {rows.length ? (
          <>
            <div className="table-wrap">
              <table className="data-table">
                <caption>Your questionnaire scores</caption>
                <thead>
                  <tr>
                    <th scope="col">Questionnaire</th>
                    <th scope="col">Score</th>
                    <th scope="col">What it suggests</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.name}>
                      <th scope="row">{row.name}</th>
                      <td>
                        {row.total} <span className="muted">({row.range})</span>
                      </td>
                      <td>
                        {row.band}. <span className="muted">{row.direction}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="muted">
              Scores are a snapshot of the last two weeks, not a diagnosis. You might talk them through with your coach
              or a health professional.
            </p>
          </>
        ) : null}
        <p className="actions">
          <Link className="button" to={`/coaching/plans/${planId}`}>
            Back to my plan
          </Link>
          <Link className="button button--quiet" to={`/coaching/plans/${planId}/progress`}>
            See my progress
          </Link>
        </p>
      </section>
    </>
  );
}
