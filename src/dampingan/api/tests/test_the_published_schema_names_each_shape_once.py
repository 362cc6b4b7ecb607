"""The published OpenAPI schema names each response shape once (two schemas both named ``ReportOut``
collided, so the spec described monthly reports with the shape of report documents)."""


def test_monthly_reports_and_report_documents_have_their_own_schemas(api_as):
    schema = api_as("tkpk").get("/api/openapi.json").json()
    components = schema["components"]["schemas"]

    monthly = schema["paths"]["/api/visits/reports"]["get"]["responses"]["200"]["content"]["application/json"]
    assert monthly["schema"]["items"]["$ref"] == "#/components/schemas/MonthlyReportOut"
    assert "month" in components["MonthlyReportOut"]["properties"]
    assert "kind" in components["ReportOut"]["properties"]
