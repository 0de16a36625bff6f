import { useState } from "react";
import { Link, useParams } from "react-router";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { useMyProfile } from "../account/queries";
import { trendSentence } from "./labels";
import { ProgressChart, type AxisRange } from "./ProgressChart";
import { MOOD_SERIES, SCORE_SERIES, seriesWithData } from "./progressData";
import { usePlan, useProgress } from "./queries";
import "./coaching.css";

const WEEK_CHOICES = [
  { weeks: 12, label: "The last 12 weeks" },
  { weeks: 26, label: "The last 6 months" },
  { weeks: 52, label: "The last year" },
];

const MOOD_AXES: { y: AxisRange } = { y: { min: 0, max: 10, title: "Out of 10" } };
const SCORE_AXES: { y: AxisRange; y1: AxisRange } = {
  y: { min: 0, max: 27, title: "PHQ-9 and GAD-7" },
  y1: { min: 0, max: 100, title: "WHO-5 and BARC-10" },
};

export function ProgressPage() {
  const { planId = "" } = useParams();
  const [weeks, setWeeks] = useState(12);
  const me = useMyProfile();
  const plan = usePlan(planId);
  const progress = useProgress(planId, weeks);
  const plansMember = plan.data?.plan.member;
  const isMember = !plansMember || !me.data || plansMember.id === me.data.profile.id;
  const title = isMember ? "Your progress" : `${plansMember.display_name}'s progress`;
  usePageTitle(title);

  return (
    <article className="page">
      <p className="breadcrumb">
        <Link to={`/coaching/plans/${planId}`}>{plan.data?.plan.title ?? "Back to the plan"}</Link>
      </p>
      <h1>{title}</h1>
      <p className="lead">
        Weekly averages from {isMember ? "your" : "their"} check-ins. Ups and downs are part of recovery: this is a
        picture to talk about, not a test.
      </p>
      <div className="field weeks-choice">
        <label className="field__label" htmlFor="progress-weeks">
          Show
        </label>
        <select id="progress-weeks" value={weeks} onChange={(event) => setWeeks(Number(event.target.value))}>
          {WEEK_CHOICES.map((choice) => (
            <option key={choice.weeks} value={choice.weeks}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      {progress.isPending ? <p>Loading progress…</p> : null}
      {progress.isError ? <QueryError error={progress.error} onRetry={() => void progress.refetch()} /> : null}
      {progress.data ? (
        <>
          <section className="card" aria-labelledby="trend-heading">
            <h2 id="trend-heading">How things are going</h2>
            <ul className="trend-list">
              <li>{trendSentence("Mood", progress.data.mood_trend)}</li>
              <li>{trendSentence("Cravings", progress.data.craving_trend)}</li>
              <li>
                {progress.data.goals_total
                  ? `Goals: ${progress.data.goals_achieved} of ${progress.data.goals_total} achieved.`
                  : "Goals: none set yet. Small, specific ones are a good place to start."}
              </li>
            </ul>
          </section>
          {progress.data.weeks.length === 0 ? (
            <section className="card empty">
              <p>No check-ins in this period yet.</p>
              {isMember ? (
                <p>
                  <Link to={`/coaching/plans/${planId}/check-in`}>Check in now</Link>: it only takes a moment.
                </p>
              ) : null}
            </section>
          ) : (
            <>
              <section className="card" aria-labelledby="mood-chart-heading">
                <h2 id="mood-chart-heading">Mood and cravings</h2>
                <ProgressChart title="Mood and cravings" weeks={progress.data.weeks} series={MOOD_SERIES} axes={MOOD_AXES} />
              </section>
              <section className="card" aria-labelledby="score-chart-heading">
                <h2 id="score-chart-heading">Questionnaires</h2>
                {seriesWithData(progress.data.weeks, SCORE_SERIES).length ? (
                  <ProgressChart
                    title="Questionnaire scores"
                    weeks={progress.data.weeks}
                    series={SCORE_SERIES}
                    axes={SCORE_AXES}
                  />
                ) : (
                  <p>No questionnaires answered in this period. They're always optional when you check in.</p>
                )}
              </section>
            </>
          )}
        </>
      ) : null}
    </article>
  );
}
