"""``fourbeat deploy`` and ``fourbeat validate`` on the test templates."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from fourbeat.cli import app

TEMPLATES = Path(__file__).parent / "templates"


def test_deploy_prints_the_resources_and_outputs(tmp_path: Path) -> None:
    template = str(TEMPLATES / "machine" / "template.yaml")
    args = ["deploy", template, "--stack-name", "cli", "--data-dir", str(tmp_path)]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "AWS::StepFunctions::StateMachine" in result.output
    assert "PipelineArn" in result.output


def test_validate_reports_lint_findings_with_file_and_line(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties: {Nope: 1}\n"
    )
    result = CliRunner().invoke(app, ["validate", str(template)], env={"COLUMNS": "400"})
    assert result.exit_code == 1
    assert f"{template}:4:" in result.output and "E3002" in result.output
