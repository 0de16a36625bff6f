import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { GAD7, PHQ9, WHO5 } from "./instruments";
import { Questionnaire } from "./Questionnaire";

function setup(instrument = GAD7, initial?: (number | null)[]) {
  const handlers = { onFinish: vi.fn(), onBack: vi.fn(), onSkip: vi.fn(), onChange: vi.fn() };
  render(<Questionnaire instrument={instrument} initial={initial} {...handlers} />);
  return { user: userEvent.setup(), ...handlers };
}

describe("Questionnaire: one item per screen", () => {
  it("shows one item at a time with its answers, the instruction and 'Question 1 of 7'", () => {
    setup();
    expect(screen.getByText("GAD-7: Question 1 of 7")).toHaveFocus();
    expect(screen.getByText(GAD7.stem)).toBeInTheDocument();
    const group = screen.getByRole("group", { name: "Feeling nervous, anxious, or on edge" });
    expect(group).toBeInTheDocument();
    expect(screen.getAllByRole("radio").map((radio) => radio.closest("label")?.textContent)).toEqual([
      "Not at all",
      "Several days",
      "More than half the days",
      "Nearly every day",
    ]);
    expect(screen.queryByText(GAD7.items[1]!)).not.toBeInTheDocument();
  });

  it("asks for an answer before going on, then moves forward and back keeping answers", async () => {
    const { user, onChange } = setup();
    await user.click(screen.getByRole("button", { name: "Next" }));
    expect(screen.getByRole("alert")).toHaveTextContent(/Choose the answer closest/);
    expect(screen.getByText("GAD-7: Question 1 of 7")).toBeInTheDocument();

    await user.click(screen.getByRole("radio", { name: "Several days" }));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(onChange).toHaveBeenLastCalledWith([1, null, null, null, null, null, null]);
    await user.click(screen.getByRole("button", { name: "Next" }));
    expect(screen.getByText("GAD-7: Question 2 of 7")).toHaveFocus();
    expect(screen.getByRole("group", { name: GAD7.items[1] })).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: "Several days" })).not.toBeChecked();

    await user.click(screen.getByRole("button", { name: "Back" }));
    expect(screen.getByText("GAD-7: Question 1 of 7")).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: "Several days" })).toBeChecked();
  });

  it("finishes with every answer in item order", async () => {
    const { user, onFinish } = setup(WHO5);
    const picks = ["All of the time", "At no time", "Some of the time", "Most of the time", "More than half of the time"];
    for (const [index, label] of picks.entries()) {
      expect(screen.getByText(`WHO-5: Question ${index + 1} of 5`)).toBeInTheDocument();
      await user.click(screen.getByRole("radio", { name: label }));
      await user.click(screen.getByRole("button", { name: index === picks.length - 1 ? "Finish" : "Next" }));
    }
    expect(onFinish).toHaveBeenCalledWith([5, 0, 1, 4, 3]);
  });

  it("goes back out from the first item, and can skip the whole questionnaire", async () => {
    const { user, onBack, onSkip } = setup();
    await user.click(screen.getByRole("button", { name: "Back" }));
    expect(onBack).toHaveBeenCalledOnce();
    await user.click(screen.getByRole("button", { name: "Skip the GAD-7" }));
    expect(onSkip).toHaveBeenCalledOnce();
  });

  it("starts from earlier answers when the member comes back to change them", async () => {
    const { user, onFinish } = setup(GAD7, [0, 1, 2, 3, 0, 1, 2]);
    expect(screen.getByRole("radio", { name: "Not at all" })).toBeChecked();
    for (let step = 0; step < 6; step += 1) await user.click(screen.getByRole("button", { name: "Next" }));
    await user.click(screen.getByRole("radio", { name: "Nearly every day" }));
    await user.click(screen.getByRole("button", { name: "Finish" }));
    expect(onFinish).toHaveBeenCalledWith([0, 1, 2, 3, 0, 1, 3]);
  });

  it("offers help straight away, without stopping, when PHQ-9 item 9 is answered above 0", async () => {
    const { user, onFinish } = setup(PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, null]);
    for (let step = 0; step < 8; step += 1) await user.click(screen.getByRole("button", { name: "Next" }));
    expect(screen.getByText("PHQ-9: Question 9 of 9")).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /call or text now/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole("radio", { name: "Several days" }));
    expect(screen.getByRole("link", { name: /call or text now/ })).toHaveAttribute("href", "/help");
    await user.click(screen.getByRole("button", { name: "Finish" }));
    expect(onFinish).toHaveBeenCalledWith([0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});
