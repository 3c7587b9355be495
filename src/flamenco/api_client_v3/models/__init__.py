"""Contains all the data models used in inputs/outputs"""

from .afanasy_answer import AfanasyAnswer
from .afanasy_document import AfanasyDocument
from .afanasy_error import AfanasyError
from .afanasy_error_info import AfanasyErrorInfo
from .assigned_task import AssignedTask
from .assigned_worker import AssignedWorker
from .available_job_setting import AvailableJobSetting
from .available_job_setting_eval_info import AvailableJobSettingEvalInfo
from .available_job_setting_propargs import AvailableJobSettingPropargs
from .available_job_setting_subtype import AvailableJobSettingSubtype
from .available_job_setting_type import AvailableJobSettingType
from .available_job_setting_visibility import AvailableJobSettingVisibility
from .available_job_type import AvailableJobType
from .available_job_types import AvailableJobTypes
from .blender_path_check_result import BlenderPathCheckResult
from .blender_path_source import BlenderPathSource
from .block_controls import BlockControls
from .command import Command
from .command_parameters import CommandParameters
from .error import Error
from .event_farm_status import EventFarmStatus
from .event_job_update import EventJobUpdate
from .event_last_rendered_update import EventLastRenderedUpdate
from .event_life_cycle import EventLifeCycle
from .event_task_log_update import EventTaskLogUpdate
from .event_task_update import EventTaskUpdate
from .event_worker_tag_update import EventWorkerTagUpdate
from .event_worker_update import EventWorkerUpdate
from .farm_status import FarmStatus
from .farm_status_report import FarmStatusReport
from .flamenco_version import FlamencoVersion
from .get_configuration_file_response_200 import GetConfigurationFileResponse200
from .job import Job
from .job_blocklist_entry import JobBlocklistEntry
from .job_controls import JobControls
from .job_deletion_info import JobDeletionInfo
from .job_last_rendered_image_info import JobLastRenderedImageInfo
from .job_life import JobLife
from .job_life_update import JobLifeUpdate
from .job_mass_deletion_selection import JobMassDeletionSelection
from .job_metadata import JobMetadata
from .job_priority_change import JobPriorityChange
from .job_settings import JobSettings
from .job_status import JobStatus
from .job_status_change import JobStatusChange
from .job_storage_info import JobStorageInfo
from .job_tag_change import JobTagChange
from .job_tasks_summary import JobTasksSummary
from .jobs_query import JobsQuery
from .jobs_query_metadata import JobsQueryMetadata
from .jobs_query_result import JobsQueryResult
from .jobs_query_settings import JobsQuerySettings
from .life_cycle_event_type import LifeCycleEventType
from .manager_configuration import ManagerConfiguration
from .manager_variable import ManagerVariable
from .manager_variable_audience import ManagerVariableAudience
from .manager_variables import ManagerVariables
from .may_keep_running import MayKeepRunning
from .path_check_input import PathCheckInput
from .path_check_result import PathCheckResult
from .pipeline_block import PipelineBlock
from .pipeline_block_environment import PipelineBlockEnvironment
from .pipeline_block_info import PipelineBlockInfo
from .pipeline_block_info_environment import PipelineBlockInfoEnvironment
from .pipeline_block_info_settings import PipelineBlockInfoSettings
from .pipeline_block_info_task_counts import PipelineBlockInfoTaskCounts
from .pipeline_block_tickets import PipelineBlockTickets
from .pipeline_blocks import PipelineBlocks
from .pipeline_controls import PipelineControls
from .pipeline_controls_hosts_mask_type import PipelineControlsHostsMaskType
from .pipeline_controls_tickets_type_0 import PipelineControlsTicketsType0
from .pipeline_job import PipelineJob
from .pipeline_job_submitted import PipelineJobSubmitted
from .pipeline_task import PipelineTask
from .pipeline_task_environment import PipelineTaskEnvironment
from .registered_worker import RegisteredWorker
from .security_error import SecurityError
from .setup_assistant_config import SetupAssistantConfig
from .shaman_checkout import ShamanCheckout
from .shaman_checkout_result import ShamanCheckoutResult
from .shaman_file_spec import ShamanFileSpec
from .shaman_file_spec_with_status import ShamanFileSpecWithStatus
from .shaman_file_status import ShamanFileStatus
from .shaman_requirements_request import ShamanRequirementsRequest
from .shaman_requirements_response import ShamanRequirementsResponse
from .shaman_single_file_status import ShamanSingleFileStatus
from .shared_storage_location import SharedStorageLocation
from .socket_io_subscription import SocketIOSubscription
from .socket_io_subscription_operation import SocketIOSubscriptionOperation
from .socket_io_subscription_type import SocketIOSubscriptionType
from .submitted_job import SubmittedJob
from .task import Task
from .task_log_info import TaskLogInfo
from .task_status import TaskStatus
from .task_status_change import TaskStatusChange
from .task_summary import TaskSummary
from .task_update import TaskUpdate
from .task_worker import TaskWorker
from .ticket import Ticket
from .ticket_list import TicketList
from .ticket_scope import TicketScope
from .ticket_settings import TicketSettings
from .update_configuration_file_body import UpdateConfigurationFileBody
from .worker import Worker
from .worker_list import WorkerList
from .worker_properties import WorkerProperties
from .worker_registration import WorkerRegistration
from .worker_resources import WorkerResources
from .worker_resources_info import WorkerResourcesInfo
from .worker_resources_info_tickets import WorkerResourcesInfoTickets
from .worker_sign_on import WorkerSignOn
from .worker_sleep_schedule import WorkerSleepSchedule
from .worker_state_change import WorkerStateChange
from .worker_state_changed import WorkerStateChanged
from .worker_status import WorkerStatus
from .worker_status_change_request import WorkerStatusChangeRequest
from .worker_summary import WorkerSummary
from .worker_tag import WorkerTag
from .worker_tag_change_request import WorkerTagChangeRequest
from .worker_tag_list import WorkerTagList
from .worker_task import WorkerTask

__all__ = (
    "AfanasyAnswer",
    "AfanasyDocument",
    "AfanasyError",
    "AfanasyErrorInfo",
    "AssignedTask",
    "AssignedWorker",
    "AvailableJobSetting",
    "AvailableJobSettingEvalInfo",
    "AvailableJobSettingPropargs",
    "AvailableJobSettingSubtype",
    "AvailableJobSettingType",
    "AvailableJobSettingVisibility",
    "AvailableJobType",
    "AvailableJobTypes",
    "BlenderPathCheckResult",
    "BlenderPathSource",
    "BlockControls",
    "Command",
    "CommandParameters",
    "Error",
    "EventFarmStatus",
    "EventJobUpdate",
    "EventLastRenderedUpdate",
    "EventLifeCycle",
    "EventTaskLogUpdate",
    "EventTaskUpdate",
    "EventWorkerTagUpdate",
    "EventWorkerUpdate",
    "FarmStatus",
    "FarmStatusReport",
    "FlamencoVersion",
    "GetConfigurationFileResponse200",
    "Job",
    "JobBlocklistEntry",
    "JobControls",
    "JobDeletionInfo",
    "JobLastRenderedImageInfo",
    "JobLife",
    "JobLifeUpdate",
    "JobMassDeletionSelection",
    "JobMetadata",
    "JobPriorityChange",
    "JobSettings",
    "JobsQuery",
    "JobsQueryMetadata",
    "JobsQueryResult",
    "JobsQuerySettings",
    "JobStatus",
    "JobStatusChange",
    "JobStorageInfo",
    "JobTagChange",
    "JobTasksSummary",
    "LifeCycleEventType",
    "ManagerConfiguration",
    "ManagerVariable",
    "ManagerVariableAudience",
    "ManagerVariables",
    "MayKeepRunning",
    "PathCheckInput",
    "PathCheckResult",
    "PipelineBlock",
    "PipelineBlockEnvironment",
    "PipelineBlockInfo",
    "PipelineBlockInfoEnvironment",
    "PipelineBlockInfoSettings",
    "PipelineBlockInfoTaskCounts",
    "PipelineBlocks",
    "PipelineBlockTickets",
    "PipelineControls",
    "PipelineControlsHostsMaskType",
    "PipelineControlsTicketsType0",
    "PipelineJob",
    "PipelineJobSubmitted",
    "PipelineTask",
    "PipelineTaskEnvironment",
    "RegisteredWorker",
    "SecurityError",
    "SetupAssistantConfig",
    "ShamanCheckout",
    "ShamanCheckoutResult",
    "ShamanFileSpec",
    "ShamanFileSpecWithStatus",
    "ShamanFileStatus",
    "ShamanRequirementsRequest",
    "ShamanRequirementsResponse",
    "ShamanSingleFileStatus",
    "SharedStorageLocation",
    "SocketIOSubscription",
    "SocketIOSubscriptionOperation",
    "SocketIOSubscriptionType",
    "SubmittedJob",
    "Task",
    "TaskLogInfo",
    "TaskStatus",
    "TaskStatusChange",
    "TaskSummary",
    "TaskUpdate",
    "TaskWorker",
    "Ticket",
    "TicketList",
    "TicketScope",
    "TicketSettings",
    "UpdateConfigurationFileBody",
    "Worker",
    "WorkerList",
    "WorkerProperties",
    "WorkerRegistration",
    "WorkerResources",
    "WorkerResourcesInfo",
    "WorkerResourcesInfoTickets",
    "WorkerSignOn",
    "WorkerSleepSchedule",
    "WorkerStateChange",
    "WorkerStateChanged",
    "WorkerStatus",
    "WorkerStatusChangeRequest",
    "WorkerSummary",
    "WorkerTag",
    "WorkerTagChangeRequest",
    "WorkerTagList",
    "WorkerTask",
)
