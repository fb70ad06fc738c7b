"""Business steps that failed or stalled, in the words of the systems that run them.

Approval chains (ServiceNow, SAP Business Workflow, Jira Service Management,
expense and purchasing tools), escalation and assignment rules, invoice and
order pipelines, case and ticket SLAs, BPM and workflow engines (Camunda,
Temporal, AWS Step Functions, Salesforce Flow), Airflow DAG runs and CI/CD
pipelines whose stages were blocked, skipped or abandoned because an earlier
step failed. One failed operation with no business step around it is `Error`,
not this.
"""

from labels import WORKFLOW_ERROR

_DAGS = ("monthly_billing_run", "daily_ledger_close", "customer_sync", "payroll_export",
         "weekly_revenue_report", "crm_dedupe", "orders_etl", "vendor_payments")
_TASKS = ("extract_orders", "stage_journal", "post_invoices", "send_statements", "reconcile_bank",
          "approve_batch", "notify_finance", "transform_customers")


def _stamp(rng):
    return (f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}, "
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} UTC")


def airflow_task(rng):
    dag, task = rng.choice(_DAGS), rng.choice(_TASKS)
    source = rng.choice(("{taskinstance.py:1937}", "{standard_task_runner.py:104}",
                         "{scheduler_job_runner.py:781}", "{taskinstance.py:1398}"))
    message = rng.choice((
        f"ERROR - Task {dag}.{task} failed after {rng.randint(2, 5)} retries; downstream tasks set to upstream_failed",
        f"INFO - Setting task instance <TaskInstance: {dag}.{task} manual__{rng.randint(2022, 2025)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}> state to upstream_failed",
        f"ERROR - DAG run {dag} failed: task {task} did not succeed",
        f"WARNING - Sensor {task} timed out waiting for the upstream partition; marking DAG run {dag} as failed",
        f"INFO - Marking task as UP_FOR_RETRY. dag_id={dag}, task_id={task}; the batch will miss its cut-off",
    ))
    return f"[{_stamp(rng)}] {source} {message}"


def step_functions(rng):
    machine = rng.choice(("OrderFulfilment", "InvoiceApproval", "RefundProcessing", "KycOnboarding"))
    state = rng.choice(("ChargeCard", "ReserveStock", "AwaitManagerApproval", "CreateShipment",
                        "GenerateInvoice", "VerifyIdentity"))
    return rng.choice((
        f"ExecutionFailed: state machine {machine} execution {rng.randint(10**7, 10**8)} failed in state {state}: States.TaskFailed",
        f"ExecutionTimedOut: {machine} execution waited {rng.randint(2, 72)} h in state {state} and timed out",
        f'{{"type":"ExecutionFailed","stateMachine":"{machine}","failedState":"{state}","cause":"States.Timeout"}}',
    ))


TEMPLATES = {WORKFLOW_ERROR: [
    "Approval {step|stage|request} '{finance-review|manager-approval|legal-signoff|budget-check|director-approval}' for {purchase order|expense report|contract|leave request|vendor onboarding} {PO-{big}|EXP-{big}|{id}} {failed|was rejected automatically|timed out after {n} days|could not be routed}: {approver {user} is out of office and no delegate is set|no approver found for cost center {id}|approval chain is empty|the approver's account is disabled}",
    "{Purchase order|Expense report|Requisition|Timesheet} {big} is stuck in {Pending Approval|Awaiting Manager|Submitted} for {n} days; reminder sent to {user}",
    "Escalation {rule|policy} '{word}-{sev1|p1|vip}' could not {escalate|page} case {big}: {no on-call engineer in rotation|escalation target {user} is inactive|the next level has no members}",
    "Case {big} {breached its SLA|missed its first-response target|missed its resolution target} ({n}h elapsed, target {n}h); escalation to {Tier 2|the team lead|the account manager} failed",
    "Ticket {issue} could not be assigned: {no agent available in queue {word}|round-robin pool is empty|assignment rule matched no group|the assignee {user} left the organisation}",
    "Assignment rule '{word}' failed for {lead|opportunity|case|incident} {big}; record left {unassigned|in the default queue}",
    "Invoice {INV-{big}|{big}} {could not be generated|was not posted|failed to send|was held}: {customer {acct} has no billing address|tax code missing for line {n}|currency mismatch between order and price list|purchase order number required by customer|the invoice total does not match the order}",
    "Invoice run for {tenant {id}|{n} customers|the {May|June|July} billing cycle} {aborted|stopped} at step {render|tax calculation|PDF generation|dispatch}; {n} invoices not issued",
    "Dunning workflow for account {acct} halted: {payment method expired|customer on credit hold|reminder template missing}",
    "Order {big} {stuck in|stalled at} {PENDING_PAYMENT|AWAITING_FULFILMENT|READY_TO_SHIP|ON_HOLD} for {n} hours{; no warehouse accepted it|, fulfilment SLA missed|}",
    "Order {big} {fulfilment|allocation|shipment} failed at step {reserve_stock|capture_payment|create_label|allocate_warehouse}: {insufficient stock at every warehouse|payment authorisation expired|carrier rejected the address}; order moved to manual review",
    "Refund request {big} {rejected by approval policy|blocked}: {amount exceeds the agent's limit|second approval missing|original payment not settled}",
    "Returns case {big} {could not be closed|is stuck}: {credit note not issued|pickup never scheduled|inspection step has no owner}",
    "Onboarding workflow for {user} stalled at step '{IT provisioning|badge request|contract signature|payroll setup}' for {n} days",
    "Offboarding of {user} incomplete: {access revocation|laptop return|final payroll} task {failed|overdue}",
    "Payroll run {id} {halted|blocked}: {n} employees {missing bank details|without an approved timesheet}",
    "Workflow {WS{big}|{word}-approval} in error: {agent determination failed|no possible agents for step {n}|deadline monitoring exceeded}",
    "Incident created for process instance {big} of '{invoice-approval|order-handling|claim-processing|loan-origination}': job '{word}' failed, no retries left",
    "Process instance {big} of '{invoice-approval|order-handling|claim-processing}' waiting at user task '{Approve Invoice|Check Claim|Review Order}' past its due date",
    "Workflow {word}-{big} failed: activity {ChargePayment|SendContract|ReserveInventory|NotifyCustomer} {timed out|exhausted its retry policy}{ after {n} attempts|}",
    "Workflow execution {word}-{big} timed out before reaching {state|step} {Approved|Shipped|Completed}",
    step_functions, step_functions,
    "Flow '{Lead_Assignment|Case_Escalation|Opportunity_Approval|Quote_Approval}' failed: An unhandled fault has occurred in this flow{; record {big} not updated|}",
    "Approval process for {Quote|Opportunity|Discount request} {big} {was recalled|failed}: {approver field is empty|submitter cannot be the approver|no matching entry criteria}",
    "Change request CHG{big} {cannot proceed|blocked}: CAB approval {missing|rejected|expired}",
    "RITM{big} {approval rejected|approval timed out}; fulfilment tasks cancelled",
    "SLA '{P1 resolution|P2 response|Request fulfilment}' breached for INC{big}; escalation {notification failed|not sent: no manager on the assignment group}",
    airflow_task, airflow_task, airflow_task,
    "Pipeline #{big} {failed at|stopped at} stage {build|test|deploy-staging|deploy-prod|release}; {later stages will not run|deployment abandoned}",
    "Stage '{Deploy|Release|Integration Tests|Publish}' skipped due to earlier failure(s)",
    "Deployment to {production|staging} {blocked|not started}: {required approval from {release-managers|sre-oncall} not given within {n} hours|environment protection rule rejected the run|change freeze in effect}",
    "The job was not started because {a required job|the job {build|test|lint}} failed{.| or was cancelled.}",
    "Release {version} pipeline {halted|rolled back}: {canary analysis failed|manual judgment step timed out|smoke tests failed}; promotion stopped",
    "Nightly {batch|job chain} '{job}' {did not complete|aborted}: step {n} of {n} ({word}) failed, {downstream steps skipped|dependent jobs cancelled}",
    "{Claim|Loan application|KYC check|Insurance claim} {big} stuck in {underwriting|document review|manual verification} for {n} days; {no reviewer assigned|reminder escalation failed}",
    "Contract {big} {signature|renewal} workflow {expired|failed}: {signer {user} did not sign within {n} days|envelope voided}",
    "Vendor {onboarding|payment} {big} {rejected|blocked} at {compliance check|three-way match|bank verification}: {invoice, PO and receipt quantities differ|sanctions screening pending|bank details unverified}",
]}
