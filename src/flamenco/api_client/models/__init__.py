"""Contains all the data models used in inputs/outputs"""

from .assigned_task import AssignedTask
from .available_job_setting import AvailableJobSetting
from .available_job_setting_propargs import AvailableJobSettingPropargs
from .available_job_setting_subtype import AvailableJobSettingSubtype
from .available_job_setting_type import AvailableJobSettingType
from .available_job_setting_visibility import AvailableJobSettingVisibility
from .available_job_type import AvailableJobType
from .available_job_types import AvailableJobTypes
from .command import Command
from .command_parameters import CommandParameters
from .error import Error
from .flamenco_version import FlamencoVersion
from .job import Job
from .job_last_rendered_image_info import JobLastRenderedImageInfo
from .job_metadata import JobMetadata
from .job_settings import JobSettings
from .job_status import JobStatus
from .job_status_change import JobStatusChange
from .job_task_counts import JobTaskCounts
from .job_tasks_summary import JobTasksSummary
from .jobs_query import JobsQuery
from .jobs_query_metadata import JobsQueryMetadata
from .jobs_query_result import JobsQueryResult
from .jobs_query_settings import JobsQuerySettings
from .manager_configuration import ManagerConfiguration
from .may_keep_running import MayKeepRunning
from .registered_worker import RegisteredWorker
from .security_error import SecurityError
from .shaman_checkout import ShamanCheckout
from .shaman_checkout_result import ShamanCheckoutResult
from .shaman_file_spec import ShamanFileSpec
from .shaman_file_spec_with_status import ShamanFileSpecWithStatus
from .shaman_file_status import ShamanFileStatus
from .shaman_requirements_request import ShamanRequirementsRequest
from .shaman_requirements_response import ShamanRequirementsResponse
from .shaman_single_file_status import ShamanSingleFileStatus
from .socket_io_job_update import SocketIOJobUpdate
from .socket_io_last_rendered_update import SocketIOLastRenderedUpdate
from .socket_io_subscription import SocketIOSubscription
from .socket_io_subscription_operation import SocketIOSubscriptionOperation
from .socket_io_subscription_type import SocketIOSubscriptionType
from .socket_io_task_log_update import SocketIOTaskLogUpdate
from .socket_io_task_update import SocketIOTaskUpdate
from .socket_io_worker_update import SocketIOWorkerUpdate
from .submitted_job import SubmittedJob
from .task import Task
from .task_status import TaskStatus
from .task_status_change import TaskStatusChange
from .task_summary import TaskSummary
from .task_update import TaskUpdate
from .task_worker import TaskWorker
from .worker import Worker
from .worker_list import WorkerList
from .worker_registration import WorkerRegistration
from .worker_sign_on import WorkerSignOn
from .worker_state_change import WorkerStateChange
from .worker_state_changed import WorkerStateChanged
from .worker_status import WorkerStatus
from .worker_status_change_request import WorkerStatusChangeRequest
from .worker_summary import WorkerSummary
from .worker_task import WorkerTask

__all__ = (
    "AssignedTask",
    "AvailableJobSetting",
    "AvailableJobSettingPropargs",
    "AvailableJobSettingSubtype",
    "AvailableJobSettingType",
    "AvailableJobSettingVisibility",
    "AvailableJobType",
    "AvailableJobTypes",
    "Command",
    "CommandParameters",
    "Error",
    "FlamencoVersion",
    "Job",
    "JobLastRenderedImageInfo",
    "JobMetadata",
    "JobSettings",
    "JobsQuery",
    "JobsQueryMetadata",
    "JobsQueryResult",
    "JobsQuerySettings",
    "JobStatus",
    "JobStatusChange",
    "JobTaskCounts",
    "JobTasksSummary",
    "ManagerConfiguration",
    "MayKeepRunning",
    "RegisteredWorker",
    "SecurityError",
    "ShamanCheckout",
    "ShamanCheckoutResult",
    "ShamanFileSpec",
    "ShamanFileSpecWithStatus",
    "ShamanFileStatus",
    "ShamanRequirementsRequest",
    "ShamanRequirementsResponse",
    "ShamanSingleFileStatus",
    "SocketIOJobUpdate",
    "SocketIOLastRenderedUpdate",
    "SocketIOSubscription",
    "SocketIOSubscriptionOperation",
    "SocketIOSubscriptionType",
    "SocketIOTaskLogUpdate",
    "SocketIOTaskUpdate",
    "SocketIOWorkerUpdate",
    "SubmittedJob",
    "Task",
    "TaskStatus",
    "TaskStatusChange",
    "TaskSummary",
    "TaskUpdate",
    "TaskWorker",
    "Worker",
    "WorkerList",
    "WorkerRegistration",
    "WorkerSignOn",
    "WorkerStateChange",
    "WorkerStateChanged",
    "WorkerStatus",
    "WorkerStatusChangeRequest",
    "WorkerSummary",
    "WorkerTask",
)
